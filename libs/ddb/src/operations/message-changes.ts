import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Item } from '../entities/entity';
import { type GroupSummary, fromGroupSummaryItem, groupSummaryKeys } from '../entities/group-summary.entity';
import { toMessageChangeItem } from '../entities/message-change.entity';
import { isMember, otherMember } from '../entities/message-group.entity';
import { createdAtOfMessageUuid, fromMessageItem, isDeleted, type Message, messageKeys } from '../entities/message.entity';
import type { Person } from '../entities/person';
import {
  BlockedError,
  ConditionFailedError,
  InvalidArgumentError,
  MessageDeletedError,
  MessageNotFoundError,
  translateAwsError,
  translated,
} from '../errors';
import { nowIso } from '../time';
import { batchGetItems } from './batch-get';
import { findMessage } from './find-message';
import { getMessageGroup } from './get-message-group';
import { membersOf } from './update-group-summary';
import type { TableContext } from './table-context';
import { assertMessageText, assertPerson, assertUuid } from './validate';

/**
 * Who changes which message. Only a message's sender may change it; the change also stamps the
 * sender's name and handle as they are now (a message changed after a rename shows the new ones in
 * its events, its feed entries and its summaries, at no extra write).
 */
export interface MessageRef {
  messageGroupUuid: string;
  messageUuid: string;
  author: Person;
}

/**
 * Edit (docs/design.md §12): new text on the sender's own message, `edited_at` set, its revision
 * raised. One strongly consistent GetItem of the GROUP item (membership, and whether the other
 * member blocks the author: an edit is a way of writing to them, refused as a send is; 1 RCU), then
 * one conditional UpdateItem of the MSG item (1 WCU up to 1 KB). Everything else — both members'
 * change feeds, the summaries where it is the last message, the live events — follows from the
 * item's stream record (the stream-worker's `applyMessageChange`).
 */
export async function editMessage(table: TableContext, ref: MessageRef & { message: string }): Promise<Message> {
  assertMessageText(ref.message);
  const group = await getMessageGroup(table, ref.messageGroupUuid);
  if (!group || !isMember(group, ref.author.uuid)) throw new MessageNotFoundError(`no message ${ref.messageUuid} of this person`);
  if (group.blockedBy.includes(otherMember(group, ref.author.uuid).uuid))
    throw new BlockedError('the other member does not accept your messages');
  const { message, deleted } = await changeMessage(table, ref, 'SET message = :text, edited_at = :at', { ':text': ref.message });
  if (deleted) throw new MessageDeletedError(`message ${ref.messageUuid} is deleted`);
  return message;
}

/**
 * Delete (§12): a soft delete by the sender — the text gone, `deleted_at` set, the revision raised;
 * the item stays, a tombstone where it was. One conditional UpdateItem (1 WCU), no read: the
 * condition is the authorisation. Deleting a deleted message changes nothing and answers as done.
 * The other member's unread count loses the message through the stream (applyMessageChange).
 */
export async function deleteMessage(table: TableContext, ref: MessageRef): Promise<Message> {
  return (await changeMessage(table, ref, 'SET message = :text, deleted_at = :at', { ':text': '' })).message;
}

/** The message as changed, or (`deleted`) as it was when it turned out to be deleted already, unchanged. */
async function changeMessage(
  table: TableContext,
  ref: MessageRef,
  set: string,
  values: Record<string, unknown>,
): Promise<{ message: Message; deleted: boolean }> {
  assertUuid(ref.messageGroupUuid, 'messageGroupUuid');
  assertUuid(ref.messageUuid, 'messageUuid');
  assertPerson(ref.author, 'author');
  const createdAt = createdAtOfMessageUuid(ref.messageUuid) ?? (await findMessage(table, ref.messageGroupUuid, ref.messageUuid))?.createdAt;
  if (!createdAt) throw new MessageNotFoundError(`no message ${ref.messageUuid} of this person`);
  const key = messageKeys.of({ messageGroupUuid: ref.messageGroupUuid, createdAt, messageUuid: ref.messageUuid });
  // A change is after the message, even on an instance whose clock is behind the one that stored it.
  const now = nowIso();
  const at = now > createdAt ? now : createdAt;
  try {
    const output = await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: `${set}, user_display_name = :name, user_handle = :handle, revision = if_not_exists(revision, :zero) + :one`,
        ConditionExpression: 'attribute_exists(pk) AND message_uuid = :uuid AND user_uuid = :author AND attribute_not_exists(deleted_at)',
        ExpressionAttributeValues: {
          ...values,
          ':at': at,
          ':zero': 0,
          ':one': 1,
          ':uuid': ref.messageUuid,
          ':author': ref.author.uuid,
          ':name': ref.author.displayName,
          ':handle': ref.author.handle,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { message: fromMessageItem(output.Attributes!), deleted: false };
  } catch (error) {
    const translatedError = translateAwsError(error);
    if (!(translatedError instanceof ConditionFailedError)) throw translatedError;
    const raw = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    const old: Item | undefined = raw ? unmarshall(raw) : undefined;
    if (!old || old.user_uuid !== ref.author.uuid || old.message_uuid !== ref.messageUuid)
      throw new MessageNotFoundError(`no message ${ref.messageUuid} of this person`);
    return { message: fromMessageItem(old), deleted: true };
  }
}

/**
 * The stream-worker's side of an edit or delete (the MSG item's MODIFY record; `message` is its
 * new image), idempotent so replays and duplicates change nothing:
 * - both members' change feeds get the entry (two PutItems, 1 WCU each): what a resume delivers;
 * - one strongly consistent BatchGetItem of both summaries (2 RCU), then, only where needed, one
 *   conditional UpdateItem per summary (1 WCU + 1 on the activity index): the text or tombstone
 *   where the message is still the last one shown (and this revision is newer than the copy's), and
 *   for a delete the message's place added to the recipient's `deleted_unread` set if the recipient
 *   had not read it (a set: adding twice is adding once; a later mark-read or an earlier state of
 *   the summary is accounted for by `unreadOf`, which counts only deletions between the marker and
 *   the last message shown).
 * Returns the summaries it changed, as changed (for `message_group.updated`).
 */
export async function applyMessageChange(table: TableContext, message: Message): Promise<GroupSummary[]> {
  if (!message.revision || (!message.editedAt && !message.deletedAt))
    throw new InvalidArgumentError(`message ${message.messageUuid} has no change to apply`);
  const [senderUuid, recipientUuid] = await membersOf(table, message);
  await Promise.all(
    [senderUuid, recipientUuid].map((person) =>
      translated(() => table.doc.send(new PutCommand({ TableName: table.tableName, Item: toMessageChangeItem(person, message) }))),
    ),
  );
  const ordinal = message.sequence?.countsAfter[senderUuid];
  const items = await batchGetItems(table, [
    groupSummaryKeys.of(senderUuid, message.messageGroupUuid),
    groupSummaryKeys.of(recipientUuid, message.messageGroupUuid),
  ]);
  const changed: GroupSummary[] = [];
  for (const item of items) {
    const summary = fromGroupSummaryItem(item);
    const showsIt = summary.lastMessageUuid === message.messageUuid && summary.lastMessageRevision < message.revision;
    const unreadDeleted =
      isDeleted(message) &&
      summary.ownerUuid === recipientUuid &&
      ordinal !== undefined &&
      summary.read.count < ordinal &&
      !summary.deletedUnread.includes(ordinal);
    const updated = await changeSummary(table, summary.ownerUuid, message, { text: showsIt, unread: unreadDeleted ? ordinal : undefined });
    if (updated) changed.push(updated);
  }
  return changed;
}

/** One summary's part of a change: the last message's text (if it still shows this message), the deleted-unread set, or both. */
async function changeSummary(
  table: TableContext,
  ownerUuid: string,
  message: Message,
  needs: { text: boolean; unread?: number },
): Promise<GroupSummary | null> {
  if (!needs.text && needs.unread === undefined) return null;
  const sets: string[] = [];
  const removes: string[] = [];
  const values: Record<string, unknown> = {};
  let condition = 'attribute_exists(pk)';
  if (needs.text) {
    sets.push('message = :text', 'last_message_revision = :rev');
    values[':text'] = message.message;
    values[':rev'] = message.revision;
    values[':uuid'] = message.messageUuid;
    for (const [name, value] of [
      ['last_message_edited_at', message.editedAt],
      ['last_message_deleted_at', message.deletedAt],
    ] as const) {
      if (value === undefined) removes.push(name);
      else {
        sets.push(`${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    condition += ' AND last_message_uuid = :uuid AND (attribute_not_exists(last_message_revision) OR last_message_revision < :rev)';
  }
  const add = needs.unread !== undefined ? ' ADD deleted_unread :deleted' : '';
  if (needs.unread !== undefined) values[':deleted'] = new Set([needs.unread]);
  try {
    const output = await translated(() =>
      table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: groupSummaryKeys.of(ownerUuid, message.messageGroupUuid),
          UpdateExpression: [sets.length > 0 ? `SET ${sets.join(', ')}` : '', removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '', add]
            .join(' ')
            .trim(),
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return fromGroupSummaryItem(output.Attributes!);
  } catch (error) {
    if (!(error instanceof ConditionFailedError)) throw error;
    // The summary moved on to a newer message (or a newer revision got there first): the deletion still counts.
    return needs.text && needs.unread !== undefined
      ? changeSummary(table, ownerUuid, message, { text: false, unread: needs.unread })
      : null;
  }
}
