import { Injectable } from '@nestjs/common';
import { MessagingTable, type Page, type PageRequest } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import type { ConversationItemResponse } from '../http/read-state.response';
import { conversationItem } from './conversation-items';

/**
 * Pattern B: the caller's conversations, most recent first, each with the other person, the last
 * message and the caller's unread count: one Query of the activity index (each summary holds its
 * owner's read marker, so no other read).
 */
@Injectable()
export class ListMessageGroupsService {
  constructor(private readonly table: MessagingTable) {}

  async list(caller: Caller, page: PageRequest): Promise<Page<ConversationItemResponse>> {
    const groups = await this.table.listMessageGroups(caller.uuid, page);
    return { nextCursor: groups.nextCursor, items: groups.items.map(conversationItem) };
  }
}
