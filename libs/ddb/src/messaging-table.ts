import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GroupSummary } from './entities/group-summary.entity';
import type { MessageGroup } from './entities/message-group.entity';
import type { Message } from './entities/message.entity';
import { createMessageGroup, type FirstMessage, type SentMessage } from './operations/create-message-group';
import type { EventTicket, EventTicketReconnect } from './entities/event-ticket.entity';
import type { PageKey } from './entities/entity';
import type { IdempotencyRecord } from './entities/idempotency.entity';
import { getEventTicketReconnect, putEventTicket, putEventTicketReconnect, redeemEventTicket } from './operations/event-tickets';
import { getIdempotencyRecord } from './operations/get-idempotency-record';
import { getMessageGroup } from './operations/get-message-group';
import { listMessageGroups } from './operations/list-message-groups';
import { listMessages } from './operations/list-messages';
import { listChangesSince, listGroupsActiveSince, listMessagesSince, type SincePage } from './operations/list-since';
import { applyMessageChange, deleteMessage, editMessage, type MessageRef } from './operations/message-changes';
import { putMessage, putMessageIntoGroup, type NewMessage, type StoredMessage } from './operations/put-message';
import type { Page, PageRequest } from './operations/query-page';
import type { ReadState } from './entities/read-state.entity';
import { markRead, type MarkRead, type ReadMarker } from './operations/mark-read';
import { type Conversation, getConversation, getReadStates, getUnreadTotals, type UnreadTotals } from './operations/read-state';
import type { TableContext } from './operations/table-context';
import type { Block } from './entities/block.entity';
import type { Person } from './entities/person';
import { blockPerson, listBlocks, unblockPerson } from './operations/blocks';
import { getSummary, type SummaryMove, updateGroupSummary } from './operations/update-group-summary';
import type { ProfileCopy } from './entities/profile.entity';
import {
  type ConversationPartner,
  conversationPartners,
  copyProfileIntoSummary,
  getProfileCopies,
  type ProfileCopyWrite,
  putProfileCopy,
} from './operations/profiles';

/**
 * The messaging table's access patterns (docs/design.md §2), bound to one client and table name.
 * Each method is a thin door to its operation in `operations/`, where the reasoning lives.
 */
export class MessagingTable implements TableContext {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** A: a page of a group's messages, oldest→newest within the page; the cursor leads to older ones. */
  listMessages(messageGroupUuid: string, page?: PageRequest): Promise<Page<Message>> {
    return listMessages(this, messageGroupUuid, page);
  }

  /** B: a page of a person's groups, most recent first. */
  listMessageGroups(ownerUuid: string, page?: PageRequest): Promise<Page<GroupSummary>> {
    return listMessageGroups(this, ownerUuid, page);
  }

  /** A group with its members (strongly consistent), or null. */
  getMessageGroup(messageGroupUuid: string): Promise<MessageGroup | null> {
    return getMessageGroup(this, messageGroupUuid);
  }

  /** C: a message into an existing group by one of its members. */
  putMessage(message: NewMessage): Promise<Message> {
    return putMessage(this, message);
  }

  /** C, handing back the group as read before the write, and the sender's summary when the send moved it. */
  putMessageIntoGroup(message: NewMessage): Promise<StoredMessage> {
    return putMessageIntoGroup(this, message);
  }

  /** D: the first message between two people, creating their one group (or using it if it exists). */
  createMessageGroup(firstMessage: FirstMessage): Promise<SentMessage> {
    return createMessageGroup(this, firstMessage);
  }

  /** The first outcome stored under a person's Idempotency-Key, or null. */
  getIdempotencyRecord(ownerUuid: string, key: string): Promise<IdempotencyRecord | null> {
    return getIdempotencyRecord(this, ownerUuid, key);
  }

  /** Read state: move a member's read marker forward (to the newest message, or to one message). */
  markRead(input: MarkRead): Promise<ReadMarker> {
    return markRead(this, input);
  }

  /** Read state of a person in each of these groups (missing = nothing read, nothing unread). */
  readStates(ownerUuid: string, messageGroupUuids: string[]): Promise<Map<string, ReadState>> {
    return getReadStates(this, ownerUuid, messageGroupUuids);
  }

  /** A person's unread totals, derived from their summaries. */
  unreadTotals(ownerUuid: string): Promise<UnreadTotals> {
    return getUnreadTotals(this, ownerUuid);
  }

  /** One conversation for a member: group, their summary, both read states; MessageGroupNotFoundError for others. */
  getConversation(ownerUuid: string, messageGroupUuid: string): Promise<Conversation> {
    return getConversation(this, ownerUuid, messageGroupUuid);
  }

  /** One member's summary of a conversation (strongly consistent), or null. */
  summary(ownerUuid: string, messageGroupUuid: string): Promise<GroupSummary | null> {
    return getSummary(this, ownerUuid, messageGroupUuid);
  }

  /** E: move both members' summaries to `message` where they show an older one. */
  updateGroupSummary(message: Message): Promise<SummaryMove> {
    return updateGroupSummary(this, message);
  }

  /** A page of a person's groups active after `since` (ISO), least recently active first: the start of a live-events resume. */
  listGroupsActiveSince(ownerUuid: string, since: string, limit: number, startKey?: PageKey | null): Promise<SincePage<GroupSummary>> {
    return listGroupsActiveSince(this, ownerUuid, since, limit, startKey);
  }

  /** A page of a group's messages created after `since` (ISO), oldest first (a live-events resume). */
  listMessagesSince(messageGroupUuid: string, since: string, limit: number, startKey?: PageKey | null): Promise<SincePage<Message>> {
    return listMessagesSince(this, messageGroupUuid, since, limit, startKey);
  }

  /** §12: the sender's new text for their message (MessageNotFoundError for anyone else's). */
  editMessage(ref: MessageRef & { message: string }): Promise<Message> {
    return editMessage(this, ref);
  }

  /** §12: the sender deletes their message, a tombstone staying (idempotent; MessageNotFoundError for anyone else's). */
  deleteMessage(ref: MessageRef): Promise<Message> {
    return deleteMessage(this, ref);
  }

  /** The stream's side of an edit or delete: both change feeds, the summaries it concerns; returns those changed. */
  applyMessageChange(message: Message): Promise<GroupSummary[]> {
    return applyMessageChange(this, message);
  }

  /** A page of a person's change feed after `since` (ISO), oldest first (a live-events resume). */
  listChangesSince(personUuid: string, since: string, limit: number, startKey?: PageKey | null): Promise<SincePage<Message>> {
    return listChangesSince(this, personUuid, since, limit, startKey);
  }

  /** `blocker` blocks `blocked`: their sends to the blocker are refused from now on (idempotent). */
  block(blocker: Person, blocked: Person): Promise<Block> {
    return blockPerson(this, blocker, blocked);
  }

  /** Undoes a block (idempotent). */
  unblock(blockerUuid: string, blockedUuid: string): Promise<void> {
    return unblockPerson(this, blockerUuid, blockedUuid);
  }

  /** Everyone a person blocks. */
  blocks(blockerUuid: string): Promise<Block[]> {
    return listBlocks(this, blockerUuid);
  }

  /** Stores a live-events ticket (by hash). */
  putEventTicket(ticket: EventTicket): Promise<void> {
    return putEventTicket(this, ticket);
  }

  /** Redeems a live-events ticket once (conditional delete); null when unknown, used or expired. */
  redeemEventTicket(ticketHash: string): Promise<EventTicket | null> {
    return redeemEventTicket(this, ticketHash);
  }

  /** Stores (or renews) the reconnect grant of a redeemed live-events ticket. */
  putEventTicketReconnect(grant: EventTicketReconnect): Promise<void> {
    return putEventTicketReconnect(this, grant);
  }

  /** The reconnect grant of a redeemed live-events ticket, or null. */
  getEventTicketReconnect(ticketHash: string): Promise<EventTicketReconnect | null> {
    return getEventTicketReconnect(this, ticketHash);
  }

  /** Writes a person's profile copy if it moves to a higher version (docs/design.md §12). */
  putProfileCopy(profile: ProfileCopy): Promise<ProfileCopyWrite> {
    return putProfileCopy(this, profile);
  }

  /** The profile copies of these people (eventually consistent); people never changed are absent. */
  profileCopies(userUuids: readonly string[], options: { consistent?: boolean } = {}): Promise<Map<string, ProfileCopy>> {
    return getProfileCopies(this, userUuids, options);
  }

  /** A person's conversations and the other member of each, page by page (a Query of their own GRP partition). */
  conversationPartners(userUuid: string): AsyncGenerator<ConversationPartner[]> {
    return conversationPartners(this, userUuid);
  }

  /** Copies a profile into another member's summary where it moves forward; the summary as written, or null. */
  copyProfileIntoSummary(ownerUuid: string, messageGroupUuid: string, profile: ProfileCopy): Promise<GroupSummary | null> {
    return copyProfileIntoSummary(this, ownerUuid, messageGroupUuid, profile);
  }
}
