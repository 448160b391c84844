import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { EntityType } from '../entities/entity';
import {
  fromMessageGroupItem,
  isMember,
  type MessageGroup,
  messageGroupKeys,
  newestMessageOf,
  otherMember,
  sentCount,
} from '../entities/message-group.entity';
import type { Person } from '../entities/person';
import { fromReadStateItem, noReadState, type ReadState, readStateKeys, toUnreadEntryItem } from '../entities/read-state.entity';
import {
  CorruptItemError,
  MessageGroupNotFoundError,
  TransactionCanceledError,
  TransactionConflictError,
  translated,
  UnknownMessageError,
} from '../errors';
import { batchGetItems } from './batch-get';
import { findMessage } from './find-message';
import { MAX_SEQUENCE_ATTEMPTS, sequenceBackoff } from './retry';
import type { TableContext } from './table-context';
import { assertUuid } from './validate';

export interface MarkRead {
  readerUuid: string;
  messageGroupUuid: string;
  /** Read up to this message; absent = up to the newest message. */
  messageUuid?: string;
}

/** Where a reader's marker stands after a mark-read: enough for the answer and for a `message_group.read` event. */
export interface ReadMarker {
  messageGroupUuid: string;
  reader: Person;
  /** Both members: a read is told to both. */
  members: [Person, Person];
  unreadCount: number;
  readUpTo: string | null;
  readUpToUuid: string | null;
  /** True when this call moved the marker; false when it already was there or further. */
  moved: boolean;
}

const GROUP_CHECK = 0;
const READ_STATE = 1;

/**
 * Moves a member's read marker forward, to the newest message or to one message of the group.
 *
 * Reads the GROUP item and the reader's read state (one BatchGetItem), finds the target (for a
 * message uuid: findMessage) and its count `r` of the other member's messages at or before it
 * (`counts_after[other]`, or `sent_counts[other]` for the newest). Then one transaction:
 * - ConditionCheck GROUP: `message_count` unchanged since the read (so `sent_counts[other]` is the
 *   current total and `unread = sent − r` is exact at commit) and `sent_counts[other] >= r` (a guard:
 *   never negative);
 * - Update the read state `read_count = r, unread_count = sent − r, read_up_to…`, on condition that
 *   the marker moves forward (`read_up_to` absent or older: created_at order is the conversation's
 *   order, so this also covers a later marker with the same count);
 * - Put the unread entry with the count, or Delete it when nothing is unread.
 * No read-then-write race: a send in between fails the group check (read again, retry); a marker
 * moved further by another device fails the forward condition, and nothing changes (the current
 * state is answered). Of two devices the further marker wins, whatever the order.
 */
export async function markRead(table: TableContext, input: MarkRead): Promise<ReadMarker> {
  assertUuid(input.readerUuid, 'readerUuid');
  assertUuid(input.messageGroupUuid, 'messageGroupUuid');
  if (input.messageUuid !== undefined) assertUuid(input.messageUuid, 'messageUuid');
  // The target message's position never changes, so it is looked up once, not per attempt.
  let target: { messageUuid: string; createdAt: string; countsAfter?: Record<string, number> } | undefined;
  for (let attempt = 0; attempt < MAX_SEQUENCE_ATTEMPTS; attempt++) {
    const { group, mine } = await readGroupAndState(table, input);
    const reader = group.members.find((member) => member.uuid === input.readerUuid)!;
    const other = otherMember(group, input.readerUuid);
    if (input.messageUuid !== undefined && !target) {
      const found = await findMessage(table, input.messageGroupUuid, input.messageUuid);
      if (!found) throw new UnknownMessageError(`message ${input.messageUuid} is not among this conversation's messages`);
      target = { messageUuid: found.messageUuid, createdAt: found.createdAt, countsAfter: found.sequence?.countsAfter };
    }
    const to = target ?? { ...newestMessageOf(group), countsAfter: { [other.uuid]: sentCount(group, other.uuid) } };
    const marker = (state: ReadState, moved: boolean): ReadMarker => ({
      messageGroupUuid: group.messageGroupUuid,
      reader,
      members: group.members,
      unreadCount: state.unreadCount,
      readUpTo: state.readUpTo,
      readUpToUuid: state.readUpToUuid,
      moved,
    });
    if (mine.readUpTo !== null && to.createdAt <= mine.readUpTo) return marker(mine, false);
    // Messages from before read state have no counts: none of the counted messages precede them.
    const readCount = to.countsAfter?.[other.uuid] ?? 0;
    const unreadCount = sentCount(group, other.uuid) - readCount;
    if (unreadCount < 0) throw new CorruptItemError(`group ${group.messageGroupUuid}: marker counts ${readCount} read of ${sentCount(group, other.uuid)} sent`);
    const next: ReadState = { ...mine, readUpTo: to.createdAt, readUpToUuid: to.messageUuid, readCount, unreadCount };
    try {
      await writeMarker(table, group, other, next);
      return marker(next, true);
    } catch (error) {
      if (!(error instanceof TransactionCanceledError)) throw error;
      if (error.failedConditionAt(READ_STATE)) {
        const { mine: now } = await readGroupAndState(table, input);
        return marker(now, false);
      }
      if (!error.failedConditionAt(GROUP_CHECK) && !error.retryable) throw error;
      await sequenceBackoff(attempt);
    }
  }
  throw new TransactionConflictError(`could not mark group ${input.messageGroupUuid} read: too much contention`);
}

async function readGroupAndState(table: TableContext, input: MarkRead): Promise<{ group: MessageGroup; mine: ReadState }> {
  const groupKey = messageGroupKeys.of(input.messageGroupUuid);
  const items = await batchGetItems(table, [groupKey, readStateKeys.of(input.readerUuid, input.messageGroupUuid)]);
  const groupItem = items.find((item) => item.pk === groupKey.pk);
  const group = groupItem ? fromMessageGroupItem(groupItem) : null;
  if (!group || !isMember(group, input.readerUuid)) {
    throw new MessageGroupNotFoundError(`no message group ${input.messageGroupUuid} with this member`);
  }
  const stateItem = items.find((item) => item.pk !== groupKey.pk);
  return { group, mine: stateItem ? fromReadStateItem(stateItem) : noReadState(input.readerUuid, input.messageGroupUuid) };
}

async function writeMarker(table: TableContext, group: MessageGroup, other: Person, next: ReadState): Promise<void> {
  const TableName = table.tableName;
  const seen = group.messageCount;
  const groupCondition = [
    seen === 0 ? '(attribute_not_exists(message_count) OR message_count = :seen)' : 'message_count = :seen',
    ...(next.readCount > 0 ? ['sent_counts.#other >= :read'] : []),
  ].join(' AND ');
  const unreadEntryKey = readStateKeys.unreadEntry(next.ownerUuid, next.messageGroupUuid);
  await translated(() =>
    table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName,
              Key: messageGroupKeys.of(group.messageGroupUuid),
              ConditionExpression: groupCondition,
              ...(next.readCount > 0 ? { ExpressionAttributeNames: { '#other': other.uuid } } : {}),
              ExpressionAttributeValues: { ':seen': seen, ...(next.readCount > 0 ? { ':read': next.readCount } : {}) },
            },
          },
          {
            Update: {
              TableName,
              Key: readStateKeys.of(next.ownerUuid, next.messageGroupUuid),
              UpdateExpression:
                'SET entity = :entity, owner_user_uuid = :owner, message_group_uuid = :group, read_up_to = :at, ' +
                'read_up_to_uuid = :uuid, read_count = :read, unread_count = :unread',
              ConditionExpression: 'attribute_not_exists(read_up_to) OR read_up_to < :at',
              ExpressionAttributeValues: {
                ':entity': EntityType.ReadState,
                ':owner': next.ownerUuid,
                ':group': next.messageGroupUuid,
                ':at': next.readUpTo,
                ':uuid': next.readUpToUuid,
                ':read': next.readCount,
                ':unread': next.unreadCount,
              },
            },
          },
          next.unreadCount > 0
            ? {
                Put: {
                  TableName,
                  Item: toUnreadEntryItem({ ownerUuid: next.ownerUuid, messageGroupUuid: next.messageGroupUuid, unreadCount: next.unreadCount }),
                },
              }
            : { Delete: { TableName, Key: unreadEntryKey } },
        ],
      }),
    ),
  );
}
