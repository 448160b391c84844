import { fromGroupSummaryItem, type GroupSummary, groupSummaryKeys } from '../entities/group-summary.entity';
import { isMember, type MessageGroup, otherMember } from '../entities/message-group.entity';
import { noReadState, type ReadState, readStateOf } from '../entities/read-state.entity';
import { MessageGroupNotFoundError } from '../errors';
import { batchGetItems } from './batch-get';
import { summaryItemPages } from './summary-pages';
import { getMessageGroup } from './get-message-group';
import type { TableContext } from './table-context';
import { assertUuid } from './validate';

/**
 * A person's read state of each of `messageGroupUuids`: their summaries, in one strongly consistent
 * BatchGetItem per 100 groups (a group without a summary reads as the empty state).
 */
export async function getReadStates(table: TableContext, ownerUuid: string, messageGroupUuids: string[]): Promise<Map<string, ReadState>> {
  assertUuid(ownerUuid, 'ownerUuid');
  const unique = [...new Set(messageGroupUuids)];
  const items = await batchGetItems(
    table,
    unique.map((group) => groupSummaryKeys.of(ownerUuid, group)),
  );
  const states = new Map(unique.map((group) => [group, noReadState(ownerUuid, group)]));
  for (const item of items) {
    const state = readStateOf(fromGroupSummaryItem(item));
    states.set(state.messageGroupUuid, state);
  }
  return states;
}

/** A person's unread messages over all their conversations. */
export interface UnreadTotals {
  unreadCount: number;
  unreadConversations: number;
}

/**
 * All of a person's unread, derived from their summaries: one strongly consistent Query of their
 * GRP partition (more pages only past 1 MB, i.e. ~2,000 conversations), each summary's unread count
 * being `other_sent − read_count`. Exact by construction, and it costs no write on any send or
 * mark-read; its read cost follows the person's conversations (~0.5 KB each: 1 RCU per 8).
 */
export async function getUnreadTotals(table: TableContext, ownerUuid: string): Promise<UnreadTotals> {
  assertUuid(ownerUuid, 'ownerUuid');
  let unreadCount = 0;
  let unreadConversations = 0;
  for await (const items of summaryItemPages(table, ownerUuid)) {
    for (const item of items) {
      const { unreadCount: unread } = fromGroupSummaryItem(item);
      unreadCount += unread;
      if (unread > 0) unreadConversations += 1;
    }
  }
  return { unreadCount, unreadConversations };
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
 * BatchGetItem of both members' summaries (each holds its owner's read marker).
 */
export async function getConversation(table: TableContext, ownerUuid: string, messageGroupUuid: string): Promise<Conversation> {
  assertUuid(ownerUuid, 'ownerUuid');
  const group = await getMessageGroup(table, messageGroupUuid);
  if (!group || !isMember(group, ownerUuid)) throw new MessageGroupNotFoundError(`no group ${messageGroupUuid} for this member`);
  const other = otherMember(group, ownerUuid);
  const items = await batchGetItems(table, [
    groupSummaryKeys.of(ownerUuid, messageGroupUuid),
    groupSummaryKeys.of(other.uuid, messageGroupUuid),
  ]);
  const summaryOf = (personUuid: string) => {
    const item = items.find((candidate) => candidate.pk === groupSummaryKeys.partition(personUuid));
    return item ? fromGroupSummaryItem(item) : null;
  };
  const summary = summaryOf(ownerUuid);
  if (!summary) throw new MessageGroupNotFoundError(`no summary of group ${messageGroupUuid} for this member`);
  const otherSummary = summaryOf(other.uuid);
  return {
    group,
    summary,
    mine: readStateOf(summary),
    other: otherSummary ? readStateOf(otherSummary) : noReadState(other.uuid, messageGroupUuid),
  };
}
