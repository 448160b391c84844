import { DeleteCommand, paginateQuery, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Block, blockKeys, fromBlockItem, toBlockItem } from '../entities/block.entity';
import { messageGroupKeys, messageGroupUuidFor } from '../entities/message-group.entity';
import type { Person } from '../entities/person';
import { ConditionFailedError, TransactionCanceledError, TransactionConflictError, translateAwsError, translated } from '../errors';
import { nowIso } from '../time';
import { backoff, MAX_WRITE_ATTEMPTS } from './retry';
import type { TableContext } from './table-context';
import { assertPerson } from './validate';

const GROUP_WRITE = 1;

/**
 * `blocker` blocks `blocked` (docs/design.md §12). The BLOCK item lists it; where the pair's
 * conversation exists, its GROUP item gains the blocker in `blocked_by` in the same transaction, so
 * the blocked person's next send fails its own condition (no extra read on the send path). Where no
 * conversation exists yet, the same transaction checks that none does: a first message racing the
 * block either commits before it (and the block lands in its GROUP item) or fails the BLOCK check that
 * a new conversation's transaction makes. Idempotent: blocking again changes nothing.
 */
export async function blockPerson(table: TableContext, blocker: Person, blocked: Person): Promise<Block> {
  assertPerson(blocker, 'blocker');
  assertPerson(blocked, 'blocked');
  const block: Block = { blockerUuid: blocker.uuid, blocked, blockedAt: nowIso() };
  const group = messageGroupKeys.of(messageGroupUuidFor(blocker.uuid, blocked.uuid));
  const put = { Put: { TableName: table.tableName, Item: toBlockItem(block) } };
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    for (const groupWrite of [
      {
        Update: {
          TableName: table.tableName,
          Key: group,
          UpdateExpression: 'ADD blocked_by :blocker',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':blocker': new Set([blocker.uuid]) },
        },
      },
      { ConditionCheck: { TableName: table.tableName, Key: group, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]) {
      try {
        await translated(() => table.doc.send(new TransactWriteCommand({ TransactItems: [put, groupWrite] })));
        return block;
      } catch (error) {
        if (!(error instanceof TransactionCanceledError)) throw error;
        if (!error.failedConditionAt(GROUP_WRITE) && !error.retryable) throw error;
        if (error.retryable) break;
        // The conversation exists (or appeared): the other form of the write applies.
      }
    }
    await backoff(attempt);
  }
  throw new TransactionConflictError(`could not record that ${blocker.uuid} blocks ${blocked.uuid}: too much contention`);
}

/** `blocker` unblocks `blockedUuid`: the BLOCK item goes and the pair's conversation (if any) lets the other send again. */
export async function unblockPerson(table: TableContext, blockerUuid: string, blockedUuid: string): Promise<void> {
  try {
    await translated(() =>
      table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: messageGroupKeys.of(messageGroupUuidFor(blockerUuid, blockedUuid)),
          UpdateExpression: 'DELETE blocked_by :blocker',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':blocker': new Set([blockerUuid]) },
        }),
      ),
    );
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
  await translated(() => table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: blockKeys.of(blockerUuid, blockedUuid) })));
}

/** Everyone `blockerUuid` blocks (one strongly consistent Query of their BLOCK partition). */
export async function listBlocks(table: TableContext, blockerUuid: string): Promise<Block[]> {
  const blocks: Block[] = [];
  try {
    const pages = paginateQuery(
      { client: table.doc },
      {
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': blockKeys.partition(blockerUuid) },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) blocks.push(...(page.Items ?? []).map(fromBlockItem));
  } catch (error) {
    throw translateAwsError(error);
  }
  return blocks;
}
