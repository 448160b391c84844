import { v7 as uuidV7 } from 'uuid';
import { z } from 'zod';
import { ISO_TIMESTAMP } from '../time';
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
}

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
  };
}

export function fromMessageItem(item: Item): Message {
  const parsed = parseItem(messageItemSchema, item, EntityType.Message);
  return {
    messageUuid: parsed.message_uuid,
    messageGroupUuid: parsed.message_group_uuid,
    message: parsed.message,
    createdAt: parsed.created_at,
    sender: { uuid: parsed.user_uuid, displayName: parsed.user_display_name, handle: parsed.user_handle },
    ...(parsed.seq !== undefined && parsed.counts_after ? { sequence: { seq: parsed.seq, countsAfter: parsed.counts_after } } : {}),
  };
}

/** True for a raw item (e.g. a stream record's image) that claims to be a MSG item. */
export function isMessageItem(item: Item | undefined): item is Item {
  return item?.entity === EntityType.Message;
}
