import { Injectable, Logger } from '@nestjs/common';
import { MessagingTable } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import type { ReadMarkerResponse } from '../http/read-state.response';
import { ReadEventsPublisher } from './read-events.publisher';

/**
 * Moves the caller's read marker of a conversation forward (libs/ddb markRead: one forward-only
 * conditional write of the caller's own summary, never waiting on sends) and, when it
 * moved, announces `message_group.read` to both members. Marking an older message changes nothing
 * and answers the current state.
 */
@Injectable()
export class MarkReadService {
  private readonly logger = new Logger(MarkReadService.name);

  constructor(
    private readonly table: MessagingTable,
    private readonly events: ReadEventsPublisher,
  ) {}

  async markRead(caller: Caller, messageGroupUuid: string, messageUuid?: string): Promise<ReadMarkerResponse> {
    const marker = await this.table.markRead({ readerUuid: caller.uuid, messageGroupUuid, messageUuid });
    if (marker.moved) {
      try {
        this.events.messageGroupRead({
          message_group_uuid: marker.messageGroupUuid,
          handle: marker.reader.handle,
          read_up_to: marker.readUpTo,
          // Both members, less one who blocks the reader (a blocker hears nothing of the person they block).
          recipientUuids: marker.members
            .map((member) => member.uuid)
            .filter((uuid) => uuid === caller.uuid || !marker.blockedBy.includes(uuid)),
        });
      } catch (error) {
        this.logger.warn(`message_group.read of ${messageGroupUuid} not published: ${(error as Error).message}`);
      }
    }
    return { message_group_uuid: marker.messageGroupUuid, unread_count: marker.unreadCount, read_up_to: marker.readUpTo };
  }
}
