import { v7 as uuidV7 } from 'uuid';
import { z } from 'zod';
import { ISO_TIMESTAMP } from '../time';
import { CorruptItemError } from '../errors';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';
import type { Person } from './person';

/** One message of a group (pattern A reads them, C and D write them). */
export interface Message {
  messageUuid: string;
  messageGroupUuid: string;
  message: string;
  createdAt: string;
  sender: Person;
  /**
   * Position in the conversation's total order (1, 2, 3… without gaps) and how many messages each
   * member had sent up to and including this one. Exact because message writes into a group commit
   * one at a time (see MessageGroup). Absent on messages from before read state existed.
   */
  sequence?: { seq: number; countsAfter: Record<string, number> };
  /** When the sender last changed the text (docs/design.md §12). */
  editedAt?: string;
  /** When the sender deleted it: a tombstone, its text gone (`message` is ''). */
  deletedAt?: string;
  /** How many times it was edited or deleted: orders its changes (a copy only ever takes a higher one). */
  revision?: number;
}

/** True for a message its sender deleted. */
export const isDeleted = (message: Pick<Message, 'deletedAt'>): boolean => message.deletedAt !== undefined;

const PREFIX = 'MSG#';

/** Key shapes of MSG items: one partition per group, sorted by time then uuid (unique at equal times). */
export const messageKeys = {
  partition: (messageGroupUuid: string): string => `${PREFIX}${messageGroupUuid}`,
  sort: (createdAt: string, messageUuid: string): string => `${createdAt}#${messageUuid}`,
  of: (message: Pick<Message, 'messageGroupUuid' | 'createdAt' | 'messageUuid'>): ItemKey => ({
    pk: messageKeys.partition(message.messageGroupUuid),
    sk: messageKeys.sort(message.createdAt, message.messageUuid),
  }),
  /** Sort keys this library writes for MSG items; used to refuse forged cursors. */
  sortPattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f-]{36}$/,
  isMessagePartition: (pk: string): boolean => pk.startsWith(PREFIX),
};

/**
 * A new message's uuid: a UUIDv7 whose timestamp is the message's created_at, so the uuid alone
 * names the message's key (`createdAtOfMessageUuid`): mark-read by uuid is one GetItem, however old
 * the message, at no extra write per send.
 */
export function messageUuidAt(createdAt: string): string {
  return uuidV7({ msecs: Date.parse(createdAt) });
}

/** The created_at a UUIDv7 message uuid carries, or null for other uuids (messages from before v7 uuids, seeds). */
export function createdAtOfMessageUuid(messageUuid: string): string | null {
  if (messageUuid[14] !== '7') return null;
  const msecs = Number.parseInt(messageUuid.slice(0, 8) + messageUuid.slice(9, 13), 16);
  return Number.isFinite(msecs) ? new Date(msecs).toISOString() : null;
}

const messageItemSchema = z.object({
  entity: z.literal(EntityType.Message),
  pk: z.string().startsWith(PREFIX),
  sk: z.string(),
  message_uuid: z.uuid(),
  message_group_uuid: z.uuid(),
  message: z.string(),
  user_uuid: z.uuid(),
  user_display_name: z.string(),
  user_handle: z.string(),
  created_at: z.string().regex(ISO_TIMESTAMP),
  seq: z.number().int().min(1).optional(),
  counts_after: z.record(z.string(), z.number().int().min(0)).optional(),
  edited_at: z.string().regex(ISO_TIMESTAMP).optional(),
  deleted_at: z.string().regex(ISO_TIMESTAMP).optional(),
  revision: z.number().int().min(1).optional(),
});

export function toMessageItem(message: Message): Item {
  return {
    ...messageKeys.of(message),
    entity: EntityType.Message,
    message_uuid: message.messageUuid,
    message_group_uuid: message.messageGroupUuid,
    message: message.message,
    user_uuid: message.sender.uuid,
    user_display_name: message.sender.displayName,
    user_handle: message.sender.handle,
    created_at: message.createdAt,
    ...(message.sequence ? { seq: message.sequence.seq, counts_after: message.sequence.countsAfter } : {}),
    ...(message.revision ? { revision: message.revision } : {}),
    ...(message.editedAt ? { edited_at: message.editedAt } : {}),
    ...(message.deletedAt ? { deleted_at: message.deletedAt } : {}),
  };
}

/**
 * A MSG item as a message, read from this library's own writes (pattern A, resume, mark-read): it
 * checks what a reader relies on (the entity, the strings shown, the counts' types) and no more, so
 * a page of messages costs no schema parse per item. Items from outside — stream images, which a
 * dead letter may have to be made of — go through `parseMessageItem`, which checks every format.
 */
export function fromMessageItem(item: Item): Message {
  const corrupt = (what: string) => new CorruptItemError(`not a MSG item (${String(item.pk)} / ${String(item.sk)}): ${what}`);
  if (item.entity !== EntityType.Message) throw corrupt('entity');
  for (const name of ['message_uuid', 'message_group_uuid', 'message', 'user_uuid', 'user_display_name', 'user_handle', 'created_at']) {
    if (typeof item[name] !== 'string') throw corrupt(`${name} is not a string`);
  }
  const message: Message = {
    messageUuid: item.message_uuid as string,
    messageGroupUuid: item.message_group_uuid as string,
    message: item.message as string,
    createdAt: item.created_at as string,
    sender: { uuid: item.user_uuid as string, displayName: item.user_display_name as string, handle: item.user_handle as string },
  };
  if (typeof item.revision === 'number') {
    message.revision = item.revision;
    if (typeof item.edited_at === 'string') message.editedAt = item.edited_at;
    if (typeof item.deleted_at === 'string') message.deletedAt = item.deleted_at;
  }
  if (item.seq === undefined) return message;
  if (typeof item.seq !== 'number' || typeof item.counts_after !== 'object' || item.counts_after === null)
    throw corrupt('seq or counts_after');
  return { ...message, sequence: { seq: item.seq, countsAfter: item.counts_after as Record<string, number> } };
}

/** A MSG item from outside this library's reads (a stream image), every attribute's format checked. */
export function parseMessageItem(item: Item): Message {
  parseItem(messageItemSchema, item, EntityType.Message);
  return fromMessageItem(item);
}

/** True for a raw item (e.g. a stream record's image) that claims to be a MSG item. */
export function isMessageItem(item: Item | undefined): item is Item {
  return item?.entity === EntityType.Message;
}
