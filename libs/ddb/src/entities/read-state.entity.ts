import type { GroupSummary } from './group-summary.entity';

/**
 * One person's read state of one conversation, as the read routes show it. Not an item of its own:
 * it is the read marker on the person's GRP summary, with the unread count derived from it (see
 * GroupSummary).
 */
export interface ReadState {
  ownerUuid: string;
  messageGroupUuid: string;
  /** created_at of the newest message read, or null (nothing marked yet). */
  readUpTo: string | null;
  readUpToUuid: string | null;
  /** The other member's messages at or before the marker. */
  readCount: number;
  unreadCount: number;
}

/** The read state a summary holds. */
export function readStateOf(summary: GroupSummary): ReadState {
  return {
    ownerUuid: summary.ownerUuid,
    messageGroupUuid: summary.messageGroupUuid,
    readUpTo: summary.read.upTo,
    readUpToUuid: summary.read.upToUuid,
    readCount: summary.read.count,
    unreadCount: summary.unreadCount,
  };
}

/** The empty read state: nothing read, nothing unread. */
export function noReadState(ownerUuid: string, messageGroupUuid: string): ReadState {
  return { ownerUuid, messageGroupUuid, readUpTo: null, readUpToUuid: null, readCount: 0, unreadCount: 0 };
}
