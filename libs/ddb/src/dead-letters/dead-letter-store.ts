import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, paginateScan, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionFailedError, TableNotFoundError, translateAwsError, translated } from '../errors';
import { createDeadLetterTable } from '../table-admin';
import { type DeadLetter, type DeadLetterReason, fromDeadLetterItem, toDeadLetterItem } from './dead-letter';

/**
 * The durable dead-letter store: stream records that can never apply are written here before the
 * consumer checkpoints past them, and stay until a replay applies them.
 */
export class DeadLetterStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Creates the table when it is missing (as the lease table is); `npm run ddb -- schema-load` also does. */
  async ensureExists(): Promise<'created' | 'exists'> {
    return createDeadLetterTable(this.client, this.tableName);
  }

  /**
   * Records a dead letter. Idempotent: a record dead-lettered again (a replayed batch, a Lambda retry)
   * keeps its first entry. A missing table is created once and the write tried again.
   */
  async put(letter: DeadLetter): Promise<void> {
    const write = () =>
      translated(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: toDeadLetterItem(letter),
            ConditionExpression: 'attribute_not_exists(sequenceNumber)',
          }),
        ),
      );
    try {
      await write().catch(async (error: unknown) => {
        if (!(error instanceof TableNotFoundError)) throw error;
        await this.ensureExists();
        await write();
      });
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }

  /** Every dead letter, oldest record first. */
  async list(): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    try {
      for await (const page of paginateScan({ client: this.doc }, { TableName: this.tableName, ConsistentRead: true })) {
        letters.push(...(page.Items ?? []).map(fromDeadLetterItem));
      }
    } catch (error) {
      throw translateAwsError(error);
    }
    return letters.sort((a, b) => compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber));
  }

  async get(sequenceNumber: string): Promise<DeadLetter | null> {
    const output = await translated(() =>
      this.doc.send(new GetCommand({ TableName: this.tableName, Key: { sequenceNumber }, ConsistentRead: true })),
    );
    return output.Item ? fromDeadLetterItem(output.Item) : null;
  }

  /** Removes a dead letter whose record has now been applied. */
  async remove(sequenceNumber: string): Promise<void> {
    await translated(() => this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { sequenceNumber } })));
  }

  /** Notes a replay that still could not apply the record, and why. */
  async recordFailedReplay(sequenceNumber: string, reasonCode: DeadLetterReason, reason: string, at: string): Promise<void> {
    await translated(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { sequenceNumber },
          UpdateExpression: 'SET reasonCode = :code, reason = :reason, lastReplayAt = :at ADD replayAttempts :one',
          ConditionExpression: 'attribute_exists(sequenceNumber)',
          ExpressionAttributeValues: { ':code': reasonCode, ':reason': reason, ':at': at, ':one': 1 },
        }),
      ),
    );
  }
}

/** Sequence numbers are decimal strings of varying length: compare them as numbers. */
function compareSequenceNumbers(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
