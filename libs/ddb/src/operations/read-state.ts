import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import { fromGroupSummaryItem, type GroupSummary, groupSummaryKeys } from '../entities/group-summary.entity';
import { isMember, type MessageGroup, otherMember } from '../entities/message-group.entity';
import { fromReadStateItem, fromUnreadEntryItem, noReadState, type ReadState, readStateKeys, type UnreadEntry } from '../entities/read-state.entity';
import { MessageGroupNotFoundError, TransactionConflictError, translateAwsError } from '../errors';
import { batchGetItems } from './batch-get';
import { getMessageGroup } from './get-message-group';
import { backoff, MAX_WRITE_ATTEMPTS } from './retry';
import type { TableContext } from './table-context';
import { assertUuid } from './validate';

/**
 * A person's read state of each of `messageGroupUuids` (one strongly consistent BatchGetItem per
 * 100 groups; a missing item is the empty state). This is how list items get their `unread_count`.
 */
export async function getReadStates(table: TableContext, ownerUuid: string, messageGroupUuids: string[]): Promise<Map<string, ReadState>> {
  assertUuid(ownerUuid, 'ownerUuid');
  const unique = [...new Set(messageGroupUuids)];
  const items = await batchGetItems(table, unique.map((group) => readStateKeys.of(ownerUuid, group)));
  const states = new Map(unique.map((group) => [group, noReadState(ownerUuid, group)]));
  for (const item of items) {
    const state = fromReadStateItem(item);
    states.set(state.messageGroupUuid, state);
  }
  return states;
}

/** A person's unread messages over all their conversations. */
export interface UnreadTotals {
  unreadCount: number;
  unreadConversations: number;
  entries: UnreadEntry[];
}

/**
 * All of a person's unread, from the sparse unread index: one strongly consistent Query of
 * `begins_with(sk, 'UNREAD#')` in their MEMBER partition (more pages only past 1 MB, i.e. thousands
 * of unread conversations). Its cost follows the conversations with something unread, never all
 * conversations: an entry exists exactly while its read state's unread_count > 0.
 */
export async function getUnreadTotals(table: TableContext, ownerUuid: string): Promise<UnreadTotals> {
  assertUuid(ownerUuid, 'ownerUuid');
  const entries: UnreadEntry[] = [];
  try {
    const pages = paginateQuery(
      { client: table.doc },
      {
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': readStateKeys.partition(ownerUuid), ':prefix': readStateKeys.unreadEntryPrefix },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) entries.push(...(page.Items ?? []).map(fromUnreadEntryItem));
  } catch (error) {
    throw translateAwsError(error);
  }
  return {
    unreadCount: entries.reduce((sum, entry) => sum + entry.unreadCount, 0),
    unreadConversations: entries.length,
    entries,
  };
}

/** One conversation as one member sees it: the group, their summary, their read state and the other's. */
export interface Conversation {
  group: MessageGroup;
  summary: GroupSummary;
  mine: ReadState;
  other: ReadState;
}

/**
 * One conversation for a member: the GROUP item (membership; strongly consistent), then one
 * BatchGetItem of the member's GRP summary (its key comes from the group's summary pointer) and both
 * members' read states. If a summary move slipped in between the two reads the summary is not at
 * the key read, and the pair of reads is made again.
 */
export async function getConversation(table: TableContext, ownerUuid: string, messageGroupUuid: string): Promise<Conversation> {
  assertUuid(ownerUuid, 'ownerUuid');
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const group = await getMessageGroup(table, messageGroupUuid);
    if (!group || !isMember(group, ownerUuid)) throw new MessageGroupNotFoundError(`no group ${messageGroupUuid} for this member`);
    const other = otherMember(group, ownerUuid);
    const summaryKey = groupSummaryKeys.of({ ownerUuid, lastMessageAt: group.lastMessageAt, messageGroupUuid });
    const items = await batchGetItems(table, [
      summaryKey,
      readStateKeys.of(ownerUuid, messageGroupUuid),
      readStateKeys.of(other.uuid, messageGroupUuid),
    ]);
    const summaryItem = items.find((item) => item.pk === summaryKey.pk);
    if (!summaryItem) {
      await backoff(attempt);
      continue;
    }
    const stateOf = (personUuid: string) => {
      const item = items.find((candidate) => candidate.pk === readStateKeys.partition(personUuid));
      return item ? fromReadStateItem(item) : noReadState(personUuid, messageGroupUuid);
    };
    return { group, summary: fromGroupSummaryItem(summaryItem), mine: stateOf(ownerUuid), other: stateOf(other.uuid) };
  }
  throw new TransactionConflictError(`the summary of group ${messageGroupUuid} kept moving`);
}
