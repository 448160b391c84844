import type { GroupSummary } from '@app/ddb';
import type { ConversationItemResponse } from '../http/read-state.response';

/** A conversation-list item (GET /api/message_groups, GET /api/message_groups/:id) from a summary, which holds its unread count. */
export function conversationItem(summary: GroupSummary): ConversationItemResponse {
  return {
    uuid: summary.messageGroupUuid,
    display_name: summary.otherPerson.displayName,
    handle: summary.otherPerson.handle,
    message: summary.lastMessage,
    created_at: summary.lastMessageAt,
    unread_count: summary.unreadCount,
  };
}
