import { Injectable } from '@nestjs/common';
import { type GroupSummary, MessagingTable, type ReadState } from '@app/ddb';
import type { ConversationItemResponse } from '../http/read-state.response';

/** A conversation-list item (GET /api/message_groups, `message_group.updated`) from a summary and its unread count. */
export function conversationItem(summary: GroupSummary, unreadCount: number): ConversationItemResponse {
  return {
    uuid: summary.messageGroupUuid,
    display_name: summary.otherPerson.displayName,
    handle: summary.otherPerson.handle,
    message: summary.lastMessage,
    created_at: summary.lastMessageAt,
    unread_count: unreadCount,
  };
}

/**
 * Conversation-list items with their unread counts, for the list route and for anyone else who
 * builds list items for a person (the live events' `message_group.updated`).
 */
@Injectable()
export class ConversationItems {
  constructor(private readonly table: MessagingTable) {}

  /** The person's read state of each group: one strongly consistent BatchGetItem (missing = nothing unread). */
  readState(personUuid: string, messageGroupUuids: string[]): Promise<Map<string, ReadState>> {
    return this.table.readStates(personUuid, messageGroupUuids);
  }

  /** List items of the person's summaries, in the same order, each with `unread_count`. */
  async of(personUuid: string, summaries: GroupSummary[]): Promise<ConversationItemResponse[]> {
    if (summaries.length === 0) return [];
    const states = await this.readState(personUuid, summaries.map((summary) => summary.messageGroupUuid));
    return summaries.map((summary) => conversationItem(summary, states.get(summary.messageGroupUuid)?.unreadCount ?? 0));
  }
}
