import { CorruptItemError } from '../errors';
import { EntityType, type Item, type ItemKey } from './entity';
import type { Message } from './message.entity';

/**
 * One member's change feed (docs/design.md §12): an entry per edit or delete of a message in any of
 * their conversations, by the time of the change, so a live-events resume delivers every change
 * made while a device was away, however old the message, in one Query of one partition. Written by
 * the stream-worker from the MSG item's stream record (idempotent puts: the key names the change),
 * never expired: a resume works from any point in history.
 */
const PREFIX = 'FEED#';

export const messageChangeKeys = {
  partition: (personUuid: string): string => `${PREFIX}${personUuid}`,
  /** `{changed_at}#{message_uuid}#{revision}`: time order, one entry per change of a message. */
  of: (personUuid: string, message: Message): ItemKey => ({
    pk: messageChangeKeys.partition(personUuid),
    sk: `${changedAt(message)}#${message.messageUuid}#${String(message.revision ?? 0).padStart(6, '0')}`,
  }),
};

/** When a message last changed: its deletion, else its last edit. */
export function changedAt(message: Message): string {
  const at = message.deletedAt ?? message.editedAt;
  if (!at) throw new CorruptItemError(`message ${message.messageUuid} has no change`);
  return at;
}

export function toMessageChangeItem(personUuid: string, message: Message): Item {
  return {
    ...messageChangeKeys.of(personUuid, message),
    entity: EntityType.MessageChange,
    message_group_uuid: message.messageGroupUuid,
    message_uuid: message.messageUuid,
    created_at: message.createdAt,
    message: message.message,
    user_uuid: message.sender.uuid,
    user_display_name: message.sender.displayName,
    user_handle: message.sender.handle,
    revision: message.revision ?? 0,
    ...(message.editedAt ? { edited_at: message.editedAt } : {}),
    ...(message.deletedAt ? { deleted_at: message.deletedAt } : {}),
  };
}

/** A feed entry as the message it shows (its text, edit time or tombstone, as of that change). */
export function fromMessageChangeItem(item: Item): Message {
  const text = (name: string): string => {
    if (typeof item[name] !== 'string') throw new CorruptItemError(`not a CHANGE item (${String(item.pk)} / ${String(item.sk)}): ${name}`);
    return item[name] as string;
  };
  if (item.entity !== EntityType.MessageChange || typeof item.revision !== 'number')
    throw new CorruptItemError(`not a CHANGE item (${String(item.pk)} / ${String(item.sk)})`);
  return {
    messageUuid: text('message_uuid'),
    messageGroupUuid: text('message_group_uuid'),
    message: text('message'),
    createdAt: text('created_at'),
    sender: { uuid: text('user_uuid'), displayName: text('user_display_name'), handle: text('user_handle') },
    revision: item.revision,
    ...(typeof item.edited_at === 'string' ? { editedAt: item.edited_at } : {}),
    ...(typeof item.deleted_at === 'string' ? { deletedAt: item.deleted_at } : {}),
  };
}
