import type { GroupSummary } from '@app/ddb';
import { conversationListItem } from '@app/live-events';
import type { ConversationItemResponse } from '../http/read-state.response';

/**
 * A conversation-list item (GET /api/message_groups, GET /api/message_groups/:id) from a summary,
 * which holds its unread count: the same item `message_group.updated` carries.
 */
export function conversationItem(summary: GroupSummary): ConversationItemResponse {
  return conversationListItem(summary);
}
