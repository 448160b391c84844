import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IdempotencyKeyUsedError, type Message, messageGroupUuidFor, MessagingTable, otherMember, type Person } from '@app/ddb';
import { messageCreatedData } from '@app/live-events';
import { UserNotFoundError, UsersClient } from '@app/users-client';
import type { Caller } from '../auth/caller.decorator';
import type { SentMessageResponse } from '../http/message.response';
import { LivePublisher } from '../events/live-publisher';
import { DomainError } from '../messaging.errors';
import { InboundLimit } from '../rate-limit/inbound-limit';
import { idempotencyRecord, requestHash } from './idempotency';
import { sendMessageConfig } from './send-message.config';
import type { SendMessageDto } from './send-message.dto';

const asPerson = (profile: { uuid: string; handle: string; display_name: string }): Person => ({
  uuid: profile.uuid,
  handle: profile.handle,
  displayName: profile.display_name,
});

/** The answer to a send, from the message as stored (also what an Idempotency-Key remembers). */
export function sentMessageResponse(message: Message): SentMessageResponse {
  return messageCreatedData(message);
}

/**
 * Patterns C and D: a message into an existing conversation (by group uuid) or to a person (by
 * handle: into the pair's one group, created with this message if it does not exist yet).
 * With an Idempotency-Key the response is stored atomically with the message, so a retry gets
 * the first response back and stores nothing new. created_at is stamped by the write itself (per
 * attempt, after the conversation's newest message), so the stored response is built from the
 * message being written, and the response returned is built the same way from the message stored.
 *
 * Read state: the message carries its sequence number and each member's sent count after it, from
 * which the summaries derive every unread count (libs/ddb); nothing else is written for it.
 *
 * Read-your-writes: with `SEND_MOVES_SUMMARIES` (default) the sender's summary moves to the message
 * (and marks it read) right after it is stored, so the list the frontend reloads right after a 200
 * shows it. The stream-worker moves the recipient's summary from the table's stream, and stays the
 * guarantee for the sender's too (if this process dies between the two writes).
 *
 * Live events: right after the write, `message.created` goes to both members' open streams (in
 * created_at order within the conversation), then `message_group.updated` for the summaries the
 * send wrote. The stream-worker publishes every stored message again, and the recipient's summary:
 * the guarantee if this process dies first.
 */
@Injectable()
export class SendMessageService {
  constructor(
    private readonly table: MessagingTable,
    private readonly users: UsersClient,
    @Inject(sendMessageConfig.KEY) private readonly config: ConfigType<typeof sendMessageConfig>,
    private readonly live: LivePublisher,
    private readonly inbound: InboundLimit,
  ) {}

  async send(caller: Caller, body: SendMessageDto, idempotencyKey?: string): Promise<SentMessageResponse> {
    const sender = asPerson(caller);
    const recipient = body.handle ? await this.recipient(caller, body.handle) : undefined;
    // The recipient's inbound limit: known here for a send by handle, once the group is read otherwise.
    if (recipient) await this.inbound.admit(recipient.uuid);
    const messageGroupUuid = recipient ? messageGroupUuidFor(sender.uuid, recipient.uuid) : body.message_group_uuid!;
    const message = {
      sender,
      message: body.message,
      idempotency: idempotencyKey
        ? (stored: Message) => idempotencyRecord(caller.uuid, idempotencyKey, body, sentMessageResponse(stored))
        : undefined,
      movesSummaries: this.config.movesSummaries,
    };
    const slot = this.live.reserve(messageGroupUuid);
    try {
      const stored = recipient
        ? await this.table.createMessageGroup({ ...message, recipient })
        : {
            ...(await this.table.putMessageIntoGroup({
              ...message,
              messageGroupUuid,
              admit: (group) => this.inbound.admit(otherMember(group, sender.uuid).uuid),
            })),
            groupCreated: false,
          };
      this.live.messageCreated(slot, stored.message, stored.group);
      // A new group's summaries were written with the message; the sender's moved right after it.
      // The recipient's is moved (and announced) by the stream-worker.
      this.live.summariesUpdated(stored.summaries);
      return sentMessageResponse(stored.message);
    } catch (error) {
      slot.cancel();
      if (error instanceof IdempotencyKeyUsedError && idempotencyKey) return this.replay(caller, idempotencyKey, body);
      throw error;
    }
  }

  private async recipient(caller: Caller, handle: string): Promise<Person> {
    try {
      const person = asPerson(await this.users.findByHandle(handle));
      if (person.uuid === caller.uuid) throw new DomainError('message_to_self', 'you cannot message yourself');
      return person;
    } catch (error) {
      if (error instanceof UserNotFoundError)
        throw new DomainError('handle_not_found', `nobody has the handle @${handle.replace(/^@/, '')}`);
      throw error;
    }
  }

  /** The first response stored under this key, if the request is the same one. */
  private async replay(caller: Caller, key: string, body: SendMessageDto): Promise<SentMessageResponse> {
    const record = await this.table.getIdempotencyRecord(caller.uuid, key);
    if (!record) throw new DomainError('idempotency_key_in_use', 'this Idempotency-Key is being used by another request; retry');
    if (record.requestHash !== requestHash(body)) {
      throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used for a different message');
    }
    return JSON.parse(record.response) as SentMessageResponse;
  }
}
