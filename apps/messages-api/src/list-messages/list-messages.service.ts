import { Injectable } from '@nestjs/common';
import { isMember, MessageGroupNotFoundError, MessagingTable, type Page, type PageRequest } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import type { MessageEntryResponse } from '../http/message.response';
import { ProfileDirectory } from '../profiles/profile-directory';

/**
 * Pattern A: a page of one conversation, oldest→newest within the page, for members only.
 * Membership is read strongly consistently; a stranger gets the same 404 as for a group that
 * does not exist, so existence does not leak.
 */
@Injectable()
export class ListMessagesService {
  constructor(
    private readonly table: MessagingTable,
    private readonly profiles: ProfileDirectory,
  ) {}

  async list(caller: Caller, messageGroupUuid: string, page: PageRequest): Promise<Page<MessageEntryResponse>> {
    const group = await this.table.getMessageGroup(messageGroupUuid);
    if (!group || !isMember(group, caller.uuid)) throw new MessageGroupNotFoundError(`no group ${messageGroupUuid} for caller`);
    const messages = await this.table.listMessages(messageGroupUuid, page);
    return {
      nextCursor: messages.nextCursor,
      // docs/design.md §12: each sender as they are now (their profile copy), not as they were when they sent.
      items: (await this.profiles.withCurrentSenders(messages.items)).map((message) => ({
        uuid: message.messageUuid,
        display_name: message.sender.displayName,
        handle: message.sender.handle,
        message: message.message,
        created_at: message.createdAt,
        // docs/design.md §12: an edited message says when; a deleted one is a tombstone without text.
        ...(message.editedAt && !message.deletedAt ? { edited_at: message.editedAt } : {}),
        ...(message.deletedAt ? { deleted: true as const } : {}),
      })),
    };
  }
}
