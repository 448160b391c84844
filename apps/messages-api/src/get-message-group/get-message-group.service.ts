import { Injectable } from '@nestjs/common';
import { MessagingTable } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import type { ConversationResponse } from '../http/read-state.response';
import { conversationItem } from '../list-message-groups/conversation-items';

/**
 * One conversation as a list item for the caller, plus how far the other person has read
 * (`other_read_up_to`, for "seen" receipts). Members only: anyone else gets the same 404 as for a
 * conversation that does not exist. Two calls: the GROUP item, then one BatchGetItem of both
 * members' summaries (each holds its owner's read marker).
 */
@Injectable()
export class GetMessageGroupService {
  constructor(private readonly table: MessagingTable) {}

  async get(caller: Caller, messageGroupUuid: string): Promise<ConversationResponse> {
    const conversation = await this.table.getConversation(caller.uuid, messageGroupUuid);
    return { ...conversationItem(conversation.summary), other_read_up_to: conversation.other.readUpTo };
  }
}
