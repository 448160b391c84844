import { Injectable } from '@nestjs/common';
import { MessagingTable, type Page, type PageRequest } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import type { MessageEntryResponse } from '../http/message.response';

/** Pattern B: the caller's conversations, most recent first, each with the other person and the last message. */
@Injectable()
export class ListMessageGroupsService {
  constructor(private readonly table: MessagingTable) {}

  async list(caller: Caller, page: PageRequest): Promise<Page<MessageEntryResponse>> {
    const groups = await this.table.listMessageGroups(caller.uuid, page);
    return {
      nextCursor: groups.nextCursor,
      items: groups.items.map((group) => ({
        uuid: group.messageGroupUuid,
        display_name: group.otherPerson.displayName,
        handle: group.otherPerson.handle,
        message: group.lastMessage,
        created_at: group.lastMessageAt,
      })),
    };
  }
}
