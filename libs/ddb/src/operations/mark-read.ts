import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { groupSummaryKeys } from '../entities/group-summary.entity';
import { isMember, otherMember, sentCount } from '../entities/message-group.entity';
import { createdAtOfMessageUuid, fromMessageItem, type Message, messageKeys } from '../entities/message.entity';
import type { Person } from '../entities/person';
import { ConditionFailedError, CorruptItemError, MessageGroupNotFoundError, translated, UnknownMessageError } from '../errors';
import { findMessage } from './find-message';
import { getMessageGroup } from './get-message-group';
import type { TableContext } from './table-context';
import { getSummary } from './update-group-summary';
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
  /** Members who block the other (a blocker hears nothing of the person they block). */
  blockedBy: string[];
}

/**
 * Moves a member's read marker forward, to the newest message or to one message of the group.
 *
 * One strongly consistent read of the GROUP item (membership, and the newest message with the
 * other member's sent count), for a message uuid one GetItem of that message (its key follows from
 * its UUIDv7; older uuids are looked for among the newest messages), then ONE UpdateItem of the
 * reader's own summary: `read_up_to`, `read_count` (the other's messages at or before the target,
 * its `counts_after`), on condition that the marker moves forward. Nothing else is written and
 * nothing is conditioned on the GROUP item, so a mark-read never waits on, or conflicts with, sends;
 * of two devices the further marker wins, whatever the order. The unread count answered is the
 * other's sent total as read (strongly consistent) minus the marker's count.
 */
export async function markRead(table: TableContext, input: MarkRead): Promise<ReadMarker> {
  assertUuid(input.readerUuid, 'readerUuid');
  assertUuid(input.messageGroupUuid, 'messageGroupUuid');
  if (input.messageUuid !== undefined) assertUuid(input.messageUuid, 'messageUuid');
  const group = await getMessageGroup(table, input.messageGroupUuid);
  if (!group || !isMember(group, input.readerUuid))
    throw new MessageGroupNotFoundError(`no message group ${input.messageGroupUuid} with this member`);
  const reader = group.members.find((member) => member.uuid === input.readerUuid)!;
  const other = otherMember(group, input.readerUuid);
  const otherSent = sentCount(group, other.uuid);

  let target: { messageUuid: string; createdAt: string; readCount: number };
  if (input.messageUuid === undefined) {
    target = { ...group.lastCommitted, readCount: otherSent };
  } else {
    const found = await getMessage(table, input.messageGroupUuid, input.messageUuid);
    if (!found) throw new UnknownMessageError(`message ${input.messageUuid} is not among this conversation's messages`);
    // Messages from before read state have no counts: none of the counted messages precede them.
    target = { messageUuid: found.messageUuid, createdAt: found.createdAt, readCount: found.sequence?.countsAfter[other.uuid] ?? 0 };
  }
  if (target.readCount > otherSent)
    throw new CorruptItemError(`group ${group.messageGroupUuid}: marker counts ${target.readCount} read of ${otherSent} sent`);

  const marker = (readUpTo: string | null, readUpToUuid: string | null, readCount: number, moved: boolean): ReadMarker => ({
    messageGroupUuid: group.messageGroupUuid,
    reader,
    members: group.members,
    unreadCount: Math.max(0, otherSent - readCount),
    readUpTo,
    readUpToUuid,
    moved,
    blockedBy: group.blockedBy,
  });
  try {
    await translated(() =>
      table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: groupSummaryKeys.of(input.readerUuid, input.messageGroupUuid),
          UpdateExpression: 'SET read_up_to = :at, read_up_to_uuid = :uuid, read_count = :read',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(read_up_to) OR read_up_to < :at)',
          ExpressionAttributeValues: { ':at': target.createdAt, ':uuid': target.messageUuid, ':read': target.readCount },
        }),
      ),
    );
    return marker(target.createdAt, target.messageUuid, target.readCount, true);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
  // Already there or further (or, for a group from before summaries were stable, no summary yet).
  const summary = await getSummary(table, input.readerUuid, input.messageGroupUuid);
  if (!summary) throw new MessageGroupNotFoundError(`no summary of group ${input.messageGroupUuid} for this member`);
  return marker(summary.read.upTo, summary.read.upToUuid, summary.read.count, false);
}

/**
 * A message of a group by uuid: one GetItem when the uuid carries its time (UUIDv7, every message
 * stored since), else (messages from before) a bounded search of the newest messages.
 */
async function getMessage(table: TableContext, messageGroupUuid: string, messageUuid: string): Promise<Message | null> {
  const createdAt = createdAtOfMessageUuid(messageUuid);
  if (!createdAt) return findMessage(table, messageGroupUuid, messageUuid);
  const output = await translated(() =>
    table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: messageKeys.of({ messageGroupUuid, createdAt, messageUuid }),
        ConsistentRead: true,
      }),
    ),
  );
  return output.Item ? fromMessageItem(output.Item) : null;
}
