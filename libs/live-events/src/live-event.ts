/**
 * The live events of docs/design.md §8 as they travel between the apps: one Delivery per receiving person,
 * so a broker can route by person and a receiving instance never has to work out who may see what.
 * The publisher (messages-api's send path, the stream-worker) addresses each delivery to a member of
 * the conversation it is about; that is the one place membership decides who hears an event.
 */
export type LiveEventName =
  'message.created' | 'message.updated' | 'message.deleted' | 'message_group.updated' | 'message_group.read' | 'typing';

/**
 * `message.created` data: the POST /api/messages response shape. A message read after it changed
 * (a resume, pattern A) also says so: `edited_at` when edited, `deleted: true` (and no text) when deleted.
 */
export interface MessageCreatedData {
  message_group_uuid: string;
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  created_at: string;
  edited_at?: string;
  deleted?: true;
}

/**
 * `message.updated` / `message.deleted` data (docs/design.md §12): the message as that change made
 * it, with its `revision` (a client keeps the highest it has seen; an older one is stale).
 */
export interface MessageChangedData extends MessageCreatedData {
  revision: number;
  deleted_at?: string;
}

/** `message_group.updated` data: one GET /api/message_groups item of the receiving person with its `unread_count` (docs/design.md §9). */
export interface MessageGroupUpdatedData {
  uuid: string;
  display_name: string;
  handle: string;
  /** The last message's text; '' when it is deleted (`deleted: true`): never an older message. */
  message: string;
  created_at: string;
  unread_count?: number;
  edited_at?: string;
  deleted?: true;
}

/** `message_group.read` data (docs/design.md §9): who read how far. */
export interface MessageGroupReadData {
  message_group_uuid: string;
  handle: string;
  read_up_to: string | null;
}

export type LiveDelivery =
  | { person: string; event: 'message.created'; data: MessageCreatedData }
  | { person: string; event: 'message.updated' | 'message.deleted'; data: MessageChangedData }
  | { person: string; event: 'message_group.updated'; data: MessageGroupUpdatedData }
  | { person: string; event: 'message_group.read'; data: MessageGroupReadData }
  | { person: string; event: 'typing'; data: TypingData };

/** The Nest event pattern of a batch of deliveries on the internal TCP transport (worker → messages-api). */
export const LIVE_DELIVER_PATTERN = 'live.deliver';

/** The two members of a conversation, as the live events name them. */
export interface ConversationMembers {
  messageGroupUuid: string;
  members: ReadonlyArray<{ uuid: string; handle: string; displayName: string }>;
}

/** A stored message, as the live events need it. */
export interface LiveMessage {
  messageUuid: string;
  messageGroupUuid: string;
  message: string;
  createdAt: string;
  sender: { uuid: string; handle: string; displayName: string };
  editedAt?: string;
  deletedAt?: string;
  revision?: number;
}

/** `message.created` to both members (the sender's other devices too). */
export function messageCreatedDeliveries(message: LiveMessage, group: { members: ReadonlyArray<{ uuid: string }> }): LiveDelivery[] {
  const data = messageCreatedData(message);
  return group.members.map((member) => ({ person: member.uuid, event: 'message.created', data }));
}

/** A stored message in the shape of the POST /api/messages response, which `message.created` carries. */
export function messageCreatedData(message: LiveMessage): MessageCreatedData {
  return {
    message_group_uuid: message.messageGroupUuid,
    uuid: message.messageUuid,
    display_name: message.sender.displayName,
    handle: message.sender.handle,
    message: message.message,
    created_at: message.createdAt,
    ...(message.editedAt && !message.deletedAt ? { edited_at: message.editedAt } : {}),
    ...(message.deletedAt ? { deleted: true as const } : {}),
  };
}

/** A changed message as `message.updated` / `message.deleted` carry it (and the edit's response). */
export function messageChangedData(message: LiveMessage): MessageChangedData {
  return {
    ...messageCreatedData(message),
    revision: message.revision ?? 0,
    ...(message.deletedAt ? { deleted_at: message.deletedAt } : {}),
  };
}

/** `message.updated` (an edit) or `message.deleted` to both members, as the change made the message. */
export function messageChangedDeliveries(message: LiveMessage, memberUuids: readonly string[]): LiveDelivery[] {
  const data = messageChangedData(message);
  const event = message.deletedAt ? 'message.deleted' : 'message.updated';
  return memberUuids.map((person) => ({ person, event, data }));
}

/** One person's summary of a conversation, as `message_group.updated` shows it. */
export interface LiveSummary {
  ownerUuid: string;
  messageGroupUuid: string;
  otherPerson: { handle: string; displayName: string };
  lastMessage: string;
  lastMessageAt: string;
  unreadCount: number;
  lastMessageEditedAt?: string | null;
  lastMessageDeleted?: boolean;
}

/** One person's conversation-list item (GET /api/message_groups, `message_group.updated`) from their summary. */
export function conversationListItem(summary: LiveSummary): MessageGroupUpdatedData & { unread_count: number } {
  return {
    uuid: summary.messageGroupUuid,
    display_name: summary.otherPerson.displayName,
    handle: summary.otherPerson.handle,
    message: summary.lastMessage,
    created_at: summary.lastMessageAt,
    unread_count: summary.unreadCount,
    ...(summary.lastMessageEditedAt && !summary.lastMessageDeleted ? { edited_at: summary.lastMessageEditedAt } : {}),
    ...(summary.lastMessageDeleted ? { deleted: true as const } : {}),
  };
}

/** `message_group.updated` to each summary's owner: their conversation-list item, with their `unread_count`. */
export function summaryUpdatedDeliveries(summaries: readonly LiveSummary[]): LiveDelivery[] {
  return summaries.map((summary) => ({ person: summary.ownerUuid, event: 'message_group.updated', data: conversationListItem(summary) }));
}

/** `typing` data (docs/design.md §12): who is typing in which conversation; ephemeral, it has no resume position. */
export interface TypingData {
  message_group_uuid: string;
  handle: string;
  display_name: string;
}

/** `typing` to the other member only (their devices). */
export function typingDeliveries(data: TypingData, recipientUuid: string): LiveDelivery[] {
  return [{ person: recipientUuid, event: 'typing', data }];
}

/** `message_group.read` to both members: who read how far. */
export function groupReadDeliveries(data: MessageGroupReadData, memberUuids: readonly string[]): LiveDelivery[] {
  return memberUuids.map((person) => ({ person, event: 'message_group.read', data }));
}

/** The conversation a delivery is about. */
export function conversationOf(delivery: LiveDelivery): string {
  return delivery.event === 'message_group.updated' ? delivery.data.uuid : delivery.data.message_group_uuid;
}
