import { z } from 'zod';
import { ISO_TIMESTAMP } from '../time';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';

/**
 * One person's read state of one group: a stable item (`MEMBER#{person}` / `GROUP#{group}`).
 *
 * `readCount` counts the *other* member's messages read (those at or before the marker), and the
 * table keeps `unreadCount = sentCounts[other] − readCount` by construction: a send adds 1 to the
 * recipient's count in the same transaction that adds 1 to `sentCounts`, and a mark-read sets both
 * counts in a transaction that checks `sentCounts` is still what it read. Nothing else writes it
 * (pattern E never does), so stream replays cannot make it drift. A missing item reads as nothing
 * read and nothing unread, which is exact for a member who has not been sent anything since read
 * state existed.
 */
export interface ReadState {
  ownerUuid: string;
  messageGroupUuid: string;
  /** created_at of the newest message read, or null (nothing marked yet). */
  readUpTo: string | null;
  readUpToUuid: string | null;
  readCount: number;
  unreadCount: number;
}

const PREFIX = 'MEMBER#';
const GROUP_PREFIX = 'GROUP#';
const UNREAD_PREFIX = 'UNREAD#';

/** Key shapes of a person's read-state items: one partition per person, for their read states and unread entries. */
export const readStateKeys = {
  partition: (ownerUuid: string): string => `${PREFIX}${ownerUuid}`,
  /** The read state of one group (always there once the person was sent or sent something). */
  of: (ownerUuid: string, messageGroupUuid: string): ItemKey => ({
    pk: readStateKeys.partition(ownerUuid),
    sk: `${GROUP_PREFIX}${messageGroupUuid}`,
  }),
  /**
   * The sparse unread entry of one group: it exists only while the group has unread messages, so
   * "all my unread" is one Query over `begins_with(sk, UNREAD#)` whose cost follows the unread
   * conversations, never all conversations.
   */
  unreadEntry: (ownerUuid: string, messageGroupUuid: string): ItemKey => ({
    pk: readStateKeys.partition(ownerUuid),
    sk: `${UNREAD_PREFIX}${messageGroupUuid}`,
  }),
  unreadEntryPrefix: UNREAD_PREFIX,
};

/** The empty read state: what a missing item means. */
export function noReadState(ownerUuid: string, messageGroupUuid: string): ReadState {
  return { ownerUuid, messageGroupUuid, readUpTo: null, readUpToUuid: null, readCount: 0, unreadCount: 0 };
}

const readStateItemSchema = z.object({
  entity: z.literal(EntityType.ReadState),
  pk: z.string().startsWith(PREFIX),
  sk: z.string().startsWith(GROUP_PREFIX),
  owner_user_uuid: z.uuid(),
  message_group_uuid: z.uuid(),
  read_up_to: z.string().regex(ISO_TIMESTAMP).optional(),
  read_up_to_uuid: z.uuid().optional(),
  read_count: z.number().int().min(0).optional(),
  unread_count: z.number().int().min(0).optional(),
});

export function toReadStateItem(state: ReadState): Item {
  return {
    ...readStateKeys.of(state.ownerUuid, state.messageGroupUuid),
    entity: EntityType.ReadState,
    owner_user_uuid: state.ownerUuid,
    message_group_uuid: state.messageGroupUuid,
    ...(state.readUpTo && state.readUpToUuid ? { read_up_to: state.readUpTo, read_up_to_uuid: state.readUpToUuid } : {}),
    read_count: state.readCount,
    unread_count: state.unreadCount,
  };
}

export function fromReadStateItem(item: Item): ReadState {
  const parsed = parseItem(readStateItemSchema, item, EntityType.ReadState);
  return {
    ownerUuid: parsed.owner_user_uuid,
    messageGroupUuid: parsed.message_group_uuid,
    readUpTo: parsed.read_up_to ?? null,
    readUpToUuid: parsed.read_up_to_uuid ?? null,
    readCount: parsed.read_count ?? 0,
    unreadCount: parsed.unread_count ?? 0,
  };
}

/** One entry of a person's sparse unread index. */
export interface UnreadEntry {
  ownerUuid: string;
  messageGroupUuid: string;
  unreadCount: number;
}

const unreadEntryItemSchema = z.object({
  entity: z.literal(EntityType.UnreadEntry),
  pk: z.string().startsWith(PREFIX),
  sk: z.string().startsWith(UNREAD_PREFIX),
  owner_user_uuid: z.uuid(),
  message_group_uuid: z.uuid(),
  unread_count: z.number().int().min(1),
});

export function toUnreadEntryItem(entry: UnreadEntry): Item {
  return {
    ...readStateKeys.unreadEntry(entry.ownerUuid, entry.messageGroupUuid),
    entity: EntityType.UnreadEntry,
    owner_user_uuid: entry.ownerUuid,
    message_group_uuid: entry.messageGroupUuid,
    unread_count: entry.unreadCount,
  };
}

export function fromUnreadEntryItem(item: Item): UnreadEntry {
  const parsed = parseItem(unreadEntryItemSchema, item, EntityType.UnreadEntry);
  return { ownerUuid: parsed.owner_user_uuid, messageGroupUuid: parsed.message_group_uuid, unreadCount: parsed.unread_count };
}
