import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  fromGroupSummaryItem,
  type GroupSummary,
  groupSummaryKeys,
  LAST_MESSAGE_CHANGE_ATTRIBUTES,
  lastMessageAttributes,
} from '../entities/group-summary.entity';
import { type Message, messageKeys } from '../entities/message.entity';
import { isMember, otherMember } from '../entities/message-group.entity';
import { ConditionFailedError, InvalidArgumentError, MessageGroupNotFoundError, translated } from '../errors';
import { getMessageGroup } from './get-message-group';
import type { TableContext } from './table-context';

/** `moved`: a summary now shows the message; `unchanged`: both already showed it or a newer one. */
export type SummaryUpdate = 'moved' | 'unchanged';

/** What pattern E did for one message: the summaries it moved, as they are now (for `message_group.updated`). */
export interface SummaryMove {
  update: SummaryUpdate;
  moved: GroupSummary[];
}

/**
 * The two members of the message's conversation, sender first: the keys of its `counts_after`, or,
 * for a message from before sequencing (no counts), its group's members (one strongly consistent read).
 */
export async function membersOf(table: TableContext, message: Message): Promise<[string, string]> {
  if (!message.sequence) {
    const group = await getMessageGroup(table, message.messageGroupUuid);
    if (!group) throw new MessageGroupNotFoundError(`message ${message.messageUuid} names a missing group`);
    if (!isMember(group, message.sender.uuid)) throw new InvalidArgumentError(`message ${message.messageUuid} was sent by a non-member`);
    return [message.sender.uuid, otherMember(group, message.sender.uuid).uuid];
  }
  const others = Object.keys(message.sequence.countsAfter).filter((uuid) => uuid !== message.sender.uuid);
  if (others.length !== 1 || !message.sequence.countsAfter[message.sender.uuid]) {
    throw new InvalidArgumentError(`message ${message.messageUuid} was sent by a non-member (its counts name no two members)`);
  }
  return [message.sender.uuid, others[0]];
}

/** True when a summary already shows `message` or a later one (position order: created_at, then uuid). */
function showsAtLeast(summary: GroupSummary, message: Message): boolean {
  return messageKeys.sort(summary.lastMessageAt, summary.lastMessageUuid) >= messageKeys.sort(message.createdAt, message.messageUuid);
}

/**
 * Pattern E: move both members' summaries to `message` where they show an older one.
 *
 * The two summaries are read first (one eventually consistent BatchGetItem, ½ RCU each): the send
 * path has usually moved the sender's already, and a write that would change nothing still costs a
 * write unit. Each summary behind is then moved by one conditional UpdateItem that only goes forward
 * (moveSummary), so replays, duplicates, out-of-order records and racing movers are harmless, and a
 * stale read costs at most a refused write. The sender's read marker also moves to the message
 * (sending marks the conversation read for the sender), even when a newer message moved the summary
 * first: callers that skip older messages of a batch still pass each sender's newest one.
 */
export async function updateGroupSummary(table: TableContext, message: Message): Promise<SummaryMove> {
  const members = await membersOf(table, message);
  const [senderUuid, recipientUuid] = members;
  const keys = [groupSummaryKeys.of(senderUuid, message.messageGroupUuid), groupSummaryKeys.of(recipientUuid, message.messageGroupUuid)];
  const output = await translated(() => table.doc.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: keys } } })));
  const found = new Map((output.Responses?.[table.tableName] ?? []).map((item) => [String(item.pk), fromGroupSummaryItem(item)]));
  const moved: GroupSummary[] = [];
  for (const [index, ownerUuid] of [senderUuid, recipientUuid].entries()) {
    const current = found.get(keys[index].pk);
    if (current && showsAtLeast(current, message)) {
      // A newer message moved the summary first: the sender's marker may still need this one.
      if (index === 0 && (current.read.upTo === null || current.read.upTo < message.createdAt))
        await moveSenderMarker(table, ownerUuid, recipientUuid, message);
      continue;
    }
    const summary = await moveSummary(table, ownerUuid, message, members);
    if (summary) moved.push(summary);
  }
  return { update: moved.length > 0 ? 'moved' : 'unchanged', moved };
}

/** Sending marks read: moves the sender's marker forward to their message (only forward; a no-op if it is already there). */
async function moveSenderMarker(table: TableContext, senderUuid: string, otherUuid: string, message: Message): Promise<void> {
  try {
    await translated(() =>
      table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: groupSummaryKeys.of(senderUuid, message.messageGroupUuid),
          UpdateExpression: 'SET read_up_to = :at, read_up_to_uuid = :uuid, read_count = :read',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(read_up_to) OR read_up_to < :at)',
          ExpressionAttributeValues: {
            ':at': message.createdAt,
            ':uuid': message.messageUuid,
            ':read': message.sequence?.countsAfter[otherUuid] ?? 0,
          },
        }),
      ),
    );
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
}

/**
 * Moves one member's summary to `message` if it shows an older message: one UpdateItem conditioned
 * on the summary's current position, returning the summary as moved, or null when it already showed
 * that message or a later one. For the sender, the same write moves their read marker to the message
 * unless another of their devices marked a later one; then the move is made without the marker.
 * A summary that does not exist is an error: summaries are created with their conversation.
 */
export async function moveSummary(
  table: TableContext,
  ownerUuid: string,
  message: Message,
  members?: [string, string],
): Promise<GroupSummary | null> {
  const [senderUuid, recipientUuid] = members ?? (await membersOf(table, message));
  const otherUuid = ownerUuid === senderUuid ? recipientUuid : senderUuid;
  const marksRead = ownerUuid === senderUuid;
  try {
    return await moveOnce(table, ownerUuid, otherUuid, message, marksRead);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
  }
  const current = await getSummary(table, ownerUuid, message.messageGroupUuid);
  if (!current) return noSummary(table, ownerUuid, message);
  if (showsAtLeast(current, message) || !marksRead) return null;
  // The marker was further on (another device read a later message): move the summary alone.
  try {
    return await moveOnce(table, ownerUuid, otherUuid, message, false);
  } catch (error) {
    if (error instanceof ConditionFailedError) return null;
    throw error;
  }
}

async function moveOnce(
  table: TableContext,
  ownerUuid: string,
  otherUuid: string,
  message: Message,
  marksRead: boolean,
): Promise<GroupSummary> {
  const otherSent = message.sequence?.countsAfter[otherUuid];
  const attributes: Record<string, unknown> = lastMessageAttributes(message, otherSent ?? 0);
  // Messages from before sequencing carry no counts: they leave the counts as they are.
  if (otherSent === undefined) delete attributes.other_sent;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':at': message.createdAt, ':uuid': message.messageUuid };
  const sets = Object.entries(attributes).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} = :a${index}`;
  });
  // The message as it is now (a replayed record may carry a later change): its change markers, or none.
  const change: Record<string, unknown> = {
    last_message_edited_at: message.editedAt,
    last_message_deleted_at: message.deletedAt,
    last_message_revision: message.revision,
  };
  const removes: string[] = [];
  for (const name of LAST_MESSAGE_CHANGE_ATTRIBUTES) {
    const index = Object.keys(names).length;
    names[`#a${index}`] = name;
    if (change[name] === undefined) removes.push(`#a${index}`);
    else {
      values[`:a${index}`] = change[name];
      sets.push(`#a${index} = :a${index}`);
    }
  }
  let condition = 'attribute_exists(pk) AND (last_message_at < :at OR (last_message_at = :at AND last_message_uuid < :uuid))';
  if (marksRead) {
    sets.push('read_up_to = :at', 'read_up_to_uuid = :uuid', 'read_count = :read');
    values[':read'] = otherSent ?? 0;
    condition += ' AND (attribute_not_exists(read_up_to) OR read_up_to < :at)';
  }
  const output = await translated(() =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: groupSummaryKeys.of(ownerUuid, message.messageGroupUuid),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return fromGroupSummaryItem(output.Attributes!);
}

/**
 * Why a member has no summary of the message's conversation (summaries are created with their
 * conversation, so this can never apply): the conversation does not exist (an orphan message), the
 * owner is not its member (a message by a non-member), or the conversation predates stable
 * summaries and the table was not migrated (`npm run ddb -- migrate`, then replay the dead letter).
 */
async function noSummary(table: TableContext, ownerUuid: string, message: Message): Promise<never> {
  const group = await getMessageGroup(table, message.messageGroupUuid);
  if (!group) throw new MessageGroupNotFoundError(`message ${message.messageUuid} names a missing group`);
  if (!isMember(group, ownerUuid)) throw new InvalidArgumentError(`message ${message.messageUuid} was sent by a non-member`);
  throw new MessageGroupNotFoundError(
    `${ownerUuid} has no summary of group ${message.messageGroupUuid}: migrate the table (npm run ddb -- migrate)`,
  );
}

/** One member's summary of a conversation, strongly consistent, or null. */
export async function getSummary(table: TableContext, ownerUuid: string, messageGroupUuid: string): Promise<GroupSummary | null> {
  const output = await translated(() =>
    table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: groupSummaryKeys.of(ownerUuid, messageGroupUuid), ConsistentRead: true }),
    ),
  );
  return output.Item ? fromGroupSummaryItem(output.Item) : null;
}
