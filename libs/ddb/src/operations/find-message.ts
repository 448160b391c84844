import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../entities/entity';
import { fromMessageItem, type Message, messageKeys } from '../entities/message.entity';
import { translated } from '../errors';
import type { TableContext } from './table-context';

/** How far back a message is looked for by uuid: the conversation's newest this many messages. */
export const FIND_MESSAGE_DEPTH = 1000;
/** The first page is what a client shows (the default page of pattern A), so the usual case is one small read. */
const FIRST_PAGE = 20;
const LATER_PAGE = 245;

/**
 * A message of a group by its uuid, or null. The MSG sort key is `created_at#uuid`, so a uuid alone
 * names no key: the partition is read newest-first with a filter, page by page, at most
 * FIND_MESSAGE_DEPTH messages back. Clients mark what they display, i.e. recent messages, so this is
 * usually the first page of 20 (≈ 2 RCU); the bound caps the worst case at 5 calls reading 1,000 items (≈ 100 RCU for 400-byte messages). A
 * message further back answers as unknown (a lookup item per message would make this exact at the
 * price of one more write per send, which every send would pay for a rare case).
 */
export async function findMessage(table: TableContext, messageGroupUuid: string, messageUuid: string): Promise<Message | null> {
  let scanned = 0;
  let startKey: Record<string, unknown> | undefined;
  while (scanned < FIND_MESSAGE_DEPTH) {
    const limit = Math.min(scanned === 0 ? FIRST_PAGE : LATER_PAGE, FIND_MESSAGE_DEPTH - scanned);
    const output = await translated(() =>
      table.doc.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'message_uuid = :uuid',
          ExpressionAttributeValues: { ':pk': messageKeys.partition(messageGroupUuid), ':uuid': messageUuid },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    const found: Item | undefined = output.Items?.[0];
    if (found) return fromMessageItem(found);
    scanned += output.ScannedCount ?? limit;
    startKey = output.LastEvaluatedKey;
    if (!startKey) return null;
  }
  return null;
}
