import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { groupSummaryKeys, toGroupSummaryItem } from '../entities/group-summary.entity';
import {
  isMember,
  lastMessagePosition,
  type MessageGroup,
  messageGroupKeys,
  otherMember,
} from '../entities/message-group.entity';
import { type Message, messageKeys } from '../entities/message.entity';
import {
  InvalidArgumentError,
  MessageGroupNotFoundError,
  TransactionCanceledError,
  TransactionConflictError,
  translated,
} from '../errors';
import { getMessageGroup } from './get-message-group';
import { backoff, MAX_WRITE_ATTEMPTS } from './retry';
import type { TableContext } from './table-context';

/** `moved`: both summaries now show the message; `unchanged`: they already showed it or a newer one. */
export type SummaryUpdate = 'moved' | 'unchanged';

const GROUP_ITEM = 0;

/**
 * Pattern E: move both members' GRP items to `message` if it is newer than what they show.
 *
 * Monotonic: a message at or before the group's current last message changes nothing, so
 * replayed, duplicated and out-of-order stream records are harmless. Each move is one transaction
 * (group item + delete-old/put-new GRP item per member), conditioned on the group item still
 * pointing where this caller read it; a racing mover makes the condition fail and this caller
 * re-reads and decides again, so no GRP item is ever lost or doubled.
 *
 * `groupAsRead` is the group as the caller last read it, strongly consistently (optional).
 */
export async function updateGroupSummary(
  table: TableContext,
  message: Message,
  groupAsRead?: MessageGroup,
): Promise<SummaryUpdate> {
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    // A group read by the caller (the send path read it to check membership) saves the first read:
    // if it is stale, the move's condition fails and the loop reads afresh.
    const group = attempt === 0 && groupAsRead ? groupAsRead : await getMessageGroup(table, message.messageGroupUuid);
    if (!group) throw new MessageGroupNotFoundError(`message ${message.messageUuid} names a missing group`);
    if (!isMember(group, message.sender.uuid)) {
      throw new InvalidArgumentError(`message ${message.messageUuid} was sent by a non-member`);
    }
    const position = messageKeys.sort(message.createdAt, message.messageUuid);
    if (position <= lastMessagePosition(group)) return 'unchanged';
    try {
      await moveSummaries(table, group, message);
      return 'moved';
    } catch (error) {
      if (!(error instanceof TransactionCanceledError)) throw error;
      if (!error.failedConditionAt(GROUP_ITEM) && !error.retryable) throw error;
      await backoff(attempt);
    }
  }
  throw new TransactionConflictError(`could not move group ${message.messageGroupUuid}: too much contention`);
}

async function moveSummaries(table: TableContext, group: MessageGroup, message: Message): Promise<void> {
  const TableName = table.tableName;
  await translated(() =>
    table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName,
              Key: messageGroupKeys.of(group.messageGroupUuid),
              UpdateExpression: 'SET last_message_uuid = :newUuid, last_message_at = :newAt',
              ConditionExpression: 'last_message_uuid = :readUuid',
              ExpressionAttributeValues: {
                ':newUuid': message.messageUuid,
                ':newAt': message.createdAt,
                ':readUuid': group.lastMessageUuid,
              },
            },
          },
          ...summaryMoveWrites(TableName, group, message),
        ],
      }),
    ),
  );
}

/**
 * The GRP writes of moving both members' summaries from where `group` says they are to `message`:
 * delete-old + put-new per member. Only safe inside a transaction that conditions the GROUP item on
 * `last_message_uuid` being the one `group` was read with (pattern E here, the send path in put-message).
 */
export function summaryMoveWrites(TableName: string, group: MessageGroup, message: Message) {
  return group.members.flatMap((member) => {
    const oldKey = groupSummaryKeys.of({
      ownerUuid: member.uuid,
      lastMessageAt: group.lastMessageAt,
      messageGroupUuid: group.messageGroupUuid,
    });
    const newItem = toGroupSummaryItem({
      ownerUuid: member.uuid,
      messageGroupUuid: group.messageGroupUuid,
      otherPerson: otherMember(group, member.uuid),
      lastMessage: message.message,
      lastMessageAt: message.createdAt,
    });
    // Same millisecond, same key: overwrite in place (a transaction may not touch one key twice).
    // Messages of one group no longer share a millisecond, but groups from before may.
    if (newItem.sk === oldKey.sk) return [{ Put: { TableName, Item: newItem } }];
    return [{ Delete: { TableName, Key: oldKey } }, { Put: { TableName, Item: newItem } }];
  });
}
