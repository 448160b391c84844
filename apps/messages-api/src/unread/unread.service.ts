import { Injectable } from '@nestjs/common';
import { MessagingTable } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import type { UnreadResponse } from '../http/read-state.response';

/**
 * The caller's unread totals over all their conversations, derived from their summaries (one
 * strongly consistent Query of their GRP partition).
 */
@Injectable()
export class UnreadService {
  constructor(private readonly table: MessagingTable) {}

  async totals(caller: Caller): Promise<UnreadResponse> {
    const totals = await this.table.unreadTotals(caller.uuid);
    return { unread_count: totals.unreadCount, unread_conversations: totals.unreadConversations };
  }
}
