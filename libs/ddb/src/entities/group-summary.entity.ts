import { ACTIVITY_ATTRIBUTE } from '../table.definition';
import { CorruptItemError } from '../errors';
import { EntityType, type Item, type ItemKey } from './entity';
import type { Person } from './person';

/**
 * One member's view of a conversation (pattern B): the other person, the conversation's last
 * message, and this member's read marker. A stable item (`GRP#{owner}` / `GROUP#{group}`), moved in
 * place by single-item conditional updates that only go forward, and listed newest first through
 * the sparse local index on `activity` (table.definition.ts).
 *
 * Read state is derived, not maintained: `otherSent` is how many messages the other member had sent
 * up to the last message shown (that message's `counts_after`), `read.count` how many of theirs this
 * member has read (the `counts_after` of the message read up to). Both are immutable per-message
 * numbers written by forward-only registers, so `unreadCount = otherSent − read.count` is exact once
 * the stream has settled, whatever was replayed or duplicated (docs/design.md §3, §9).
 */
export interface GroupSummary {
  ownerUuid: string;
  messageGroupUuid: string;
  otherPerson: Person;
  lastMessage: string;
  lastMessageAt: string;
  lastMessageUuid: string;
  /** The last message as its sender changed it (docs/design.md §12): when edited, and whether deleted (then `lastMessage` is ''). */
  lastMessageEditedAt: string | null;
  lastMessageDeleted: boolean;
  /** The last message's revision this copy shows (0: as sent); a change only ever raises it. */
  lastMessageRevision: number;
  /** How many messages the other member had sent up to the last message shown. */
  otherSent: number;
  read: ReadMarkerState;
  /**
   * The other member's messages deleted while this member had not read them, by their place among
   * the other's messages (`counts_after` of the sender): a set, so a replay adds nothing.
   */
  deletedUnread: number[];
  /** The other member's messages after the read marker that are not deleted (never negative). */
  unreadCount: number;
}

/**
 * Unread, derived: the other's messages up to the last one shown (`otherSent`), less those read
 * (`readCount`), less those deleted unread that fall in between. A deletion recorded before the
 * marker passed it, or before the summary reached it, counts exactly when it is in that range.
 */
export function unreadOf(otherSent: number, readCount: number, deletedUnread: Iterable<number>): number {
  let deleted = 0;
  for (const ordinal of deletedUnread) if (ordinal > readCount && ordinal <= otherSent) deleted += 1;
  return Math.max(0, otherSent - readCount - deleted);
}

/** Where a member's read marker stands: nothing read yet is `upTo: null, count: 0`. */
export interface ReadMarkerState {
  upTo: string | null;
  upToUuid: string | null;
  /** The other member's messages at or before the marker. */
  count: number;
}

const PREFIX = 'GRP#';
const SORT_PREFIX = 'GROUP#';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';

/** Key shapes of GRP items: one partition per owner, one stable item per conversation, indexed by activity. */
export const groupSummaryKeys = {
  partition: (ownerUuid: string): string => `${PREFIX}${ownerUuid}`,
  sort: (messageGroupUuid: string): string => `${SORT_PREFIX}${messageGroupUuid}`,
  sortPrefix: SORT_PREFIX,
  of: (ownerUuid: string, messageGroupUuid: string): ItemKey => ({
    pk: groupSummaryKeys.partition(ownerUuid),
    sk: groupSummaryKeys.sort(messageGroupUuid),
  }),
  /** The index sort key: last activity, unique per conversation. */
  activity: (lastMessageAt: string, messageGroupUuid: string): string => `${lastMessageAt}#${messageGroupUuid}`,
  /** Keys this library writes; used to refuse forged cursors. */
  sortPattern: new RegExp(`^${SORT_PREFIX}${UUID}$`),
  activityPattern: new RegExp(`^${TIME}#${UUID}$`),
};

/** The attributes a GRP item holds for the message it shows (set on creation and by every move). */
export function lastMessageAttributes(
  message: { messageUuid: string; message: string; createdAt: string; messageGroupUuid: string },
  otherSent: number,
) {
  return {
    message: message.message,
    last_message_at: message.createdAt,
    last_message_uuid: message.messageUuid,
    other_sent: otherSent,
    [ACTIVITY_ATTRIBUTE]: groupSummaryKeys.activity(message.createdAt, message.messageGroupUuid),
  };
}

/** The attributes that describe a change of the last message; a summary moving to another message removes them. */
export const LAST_MESSAGE_CHANGE_ATTRIBUTES = ['last_message_edited_at', 'last_message_deleted_at', 'last_message_revision'] as const;

/** A new summary item (created with its conversation, in the same transaction). */
export function toGroupSummaryItem(
  summary: Omit<GroupSummary, 'unreadCount' | 'lastMessageEditedAt' | 'lastMessageDeleted' | 'lastMessageRevision' | 'deletedUnread'>,
): Item {
  return {
    ...groupSummaryKeys.of(summary.ownerUuid, summary.messageGroupUuid),
    entity: EntityType.GroupSummary,
    owner_user_uuid: summary.ownerUuid,
    message_group_uuid: summary.messageGroupUuid,
    user_uuid: summary.otherPerson.uuid,
    user_display_name: summary.otherPerson.displayName,
    user_handle: summary.otherPerson.handle,
    ...lastMessageAttributes(
      {
        messageUuid: summary.lastMessageUuid,
        message: summary.lastMessage,
        createdAt: summary.lastMessageAt,
        messageGroupUuid: summary.messageGroupUuid,
      },
      summary.otherSent,
    ),
    read_count: summary.read.count,
    ...(summary.read.upTo && summary.read.upToUuid ? { read_up_to: summary.read.upTo, read_up_to_uuid: summary.read.upToUuid } : {}),
  };
}

const text = (item: Item, name: string): string => {
  const value = item[name];
  if (typeof value !== 'string')
    throw new CorruptItemError(`not a GRP item (${String(item.pk)} / ${String(item.sk)}): ${name} is not a string`);
  return value;
};
const count = (item: Item, name: string): number => {
  const value = item[name] ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new CorruptItemError(`not a GRP item (${String(item.pk)} / ${String(item.sk)}): ${name} is not a count`);
  }
  return value;
};

/**
 * A GRP item as a summary. Items come from this library's own writes, so this checks what a read
 * relies on (the entity, the strings shown, the counts) without re-validating every format on every
 * read; cursors and inputs are validated where they enter.
 */
export function fromGroupSummaryItem(item: Item): GroupSummary {
  if (item.entity !== EntityType.GroupSummary) throw new CorruptItemError(`not a GRP item (${String(item.pk)} / ${String(item.sk)})`);
  const otherSent = count(item, 'other_sent');
  const readCount = count(item, 'read_count');
  const upTo = typeof item.read_up_to === 'string' ? item.read_up_to : null;
  const deletedUnread = item.deleted_unread instanceof Set ? [...(item.deleted_unread as Set<number>)].map(Number) : [];
  return {
    ownerUuid: text(item, 'owner_user_uuid'),
    messageGroupUuid: text(item, 'message_group_uuid'),
    otherPerson: { uuid: text(item, 'user_uuid'), displayName: text(item, 'user_display_name'), handle: text(item, 'user_handle') },
    lastMessage: text(item, 'message'),
    lastMessageAt: text(item, 'last_message_at'),
    lastMessageUuid: text(item, 'last_message_uuid'),
    lastMessageEditedAt: typeof item.last_message_edited_at === 'string' ? item.last_message_edited_at : null,
    lastMessageDeleted: typeof item.last_message_deleted_at === 'string',
    lastMessageRevision: count(item, 'last_message_revision'),
    otherSent,
    read: { upTo, upToUuid: upTo ? text(item, 'read_up_to_uuid') : null, count: readCount },
    deletedUnread,
    unreadCount: unreadOf(otherSent, readCount, deletedUnread),
  };
}
