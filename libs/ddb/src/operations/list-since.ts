import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item, PageKey } from '../entities/entity';
import { fromGroupSummaryItem, type GroupSummary, groupSummaryKeys } from '../entities/group-summary.entity';
import { fromMessageChangeItem, messageChangeKeys } from '../entities/message-change.entity';
import { fromMessageItem, type Message, messageKeys } from '../entities/message.entity';
import { InvalidArgumentError, translated } from '../errors';
import { isIsoTimestamp } from '../time';
import { ACTIVITY_ATTRIBUTE, CONVERSATION_ACTIVITY_INDEX } from '../table.definition';
import { pageKeyOf } from './query-page';
import type { TableContext } from './table-context';
import { assertUuid } from './validate';

/** One page of an oldest-first listing; `next` (an internal key, never shown to clients) continues it. */
export interface SincePage<T> {
  items: T[];
  next: PageKey | null;
}

/** Largest page of the since-listings: what a resume holds in memory at once per listing. */
export const MAX_SINCE_PAGE = 100;

/**
 * Items of one partition whose sort key is after `since` (an ISO timestamp: MSG sort keys and GRP
 * activities start with their time), oldest first, strongly consistent. Used to replay what a
 * person missed. GRP items are read through the activity index.
 */
async function querySince<T>(
  table: TableContext,
  partition: string,
  since: string,
  limit: number,
  startKey: PageKey | null | undefined,
  fromItem: (item: Item) => T,
  byActivity = false,
): Promise<SincePage<T>> {
  if (!isIsoTimestamp(since)) throw new InvalidArgumentError('since must be an ISO-8601 UTC timestamp with milliseconds');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SINCE_PAGE)
    throw new InvalidArgumentError(`limit must be 1 to ${MAX_SINCE_PAGE}`);
  const output = await translated(() =>
    table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...(byActivity ? { IndexName: CONVERSATION_ACTIVITY_INDEX } : {}),
        KeyConditionExpression: `pk = :pk AND ${byActivity ? ACTIVITY_ATTRIBUTE : 'sk'} > :since`,
        ExpressionAttributeValues: { ':pk': partition, ':since': since },
        ScanIndexForward: true,
        ConsistentRead: true,
        Limit: limit,
        ExclusiveStartKey: startKey ?? undefined,
      }),
    ),
  );
  const last = output.LastEvaluatedKey;
  return { items: (output.Items ?? []).map(fromItem), next: last ? pageKeyOf(last) : null };
}

/** A person's conversations with a last message after `since`, least recently active first (the activity starts with last_message_at). */
export function listGroupsActiveSince(
  table: TableContext,
  ownerUuid: string,
  since: string,
  limit: number,
  startKey?: PageKey | null,
): Promise<SincePage<GroupSummary>> {
  assertUuid(ownerUuid, 'ownerUuid');
  return querySince(table, groupSummaryKeys.partition(ownerUuid), since, limit, startKey, fromGroupSummaryItem, true);
}

/** A conversation's messages created after `since`, oldest first. */
export function listMessagesSince(
  table: TableContext,
  messageGroupUuid: string,
  since: string,
  limit: number,
  startKey?: PageKey | null,
): Promise<SincePage<Message>> {
  assertUuid(messageGroupUuid, 'messageGroupUuid');
  return querySince(table, messageKeys.partition(messageGroupUuid), since, limit, startKey, fromMessageItem);
}

/**
 * A person's change feed after `since`, oldest first: every edit and delete of a message in any of
 * their conversations, each as the message it made (one Query of one partition, however old the messages).
 */
export function listChangesSince(
  table: TableContext,
  personUuid: string,
  since: string,
  limit: number,
  startKey?: PageKey | null,
): Promise<SincePage<Message>> {
  assertUuid(personUuid, 'personUuid');
  return querySince(table, messageChangeKeys.partition(personUuid), since, limit, startKey, fromMessageChangeItem);
}
