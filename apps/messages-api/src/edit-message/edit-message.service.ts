import { Injectable } from '@nestjs/common';
import { type Message, MessagingTable } from '@app/ddb';
import { messageChangedData, messageChangedDeliveries } from '@app/live-events';
import type { Caller } from '../auth/caller.decorator';
import { LivePublisher } from '../events/live-publisher';
import type { EditedMessageResponse } from './edit-message.dto';

/**
 * Edit and delete (docs/design.md §12), by the message's sender only: anyone else — the other
 * member, a stranger, a wrong conversation — gets the same 404 as for a message that does not exist.
 * The write is the MSG item's alone (libs/ddb); the change feeds, the summaries (the list's last
 * message, the recipient's unread count) and the events' guarantee follow from the item's stream
 * record in the stream-worker. Here the change is announced to both members at once, as a send is.
 */
/** The caller as the message's author, as they are now. */
const authorOf = (caller: Caller) => ({ uuid: caller.uuid, handle: caller.handle, displayName: caller.display_name });

@Injectable()
export class EditMessageService {
  constructor(
    private readonly table: MessagingTable,
    private readonly live: LivePublisher,
  ) {}

  async edit(caller: Caller, messageGroupUuid: string, messageUuid: string, text: string): Promise<EditedMessageResponse> {
    const message = await this.table.editMessage({ messageGroupUuid, messageUuid, author: authorOf(caller), message: text });
    this.announce(message);
    return messageChangedData(message) as EditedMessageResponse;
  }

  async delete(caller: Caller, messageGroupUuid: string, messageUuid: string): Promise<void> {
    this.announce(await this.table.deleteMessage({ messageGroupUuid, messageUuid, author: authorOf(caller) }));
  }

  /** Both members are the keys of the message's counts (a message from before sequencing is announced by the stream-worker alone). */
  private announce(message: Message): void {
    const members = Object.keys(message.sequence?.countsAfter ?? {});
    if (members.length > 0) this.live.publish(messageChangedDeliveries(message, members));
  }
}
