import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { IdempotencyKeyUsedError, type Message, type MessageGroup, messageGroupUuidFor, MessagingTable, nowIso, type Person } from '@app/ddb';
import { UserNotFoundError, UsersClient } from '@app/users-client';
import type { Caller } from '../auth/caller.decorator';
import type { SentMessageResponse } from '../http/message.response';
import { LivePublisher } from '../events/live-publisher';
import { DomainError } from '../messaging.errors';
import { idempotencyRecord, requestHash } from './idempotency';
import { sendMessageConfig } from './send-message.config';
import type { SendMessageDto } from './send-message.dto';

const asPerson = (profile: { uuid: string; handle: string; display_name: string }): Person => ({
  uuid: profile.uuid,
  handle: profile.handle,
  displayName: profile.display_name,
});

/**
 * Patterns C and D: a message into an existing conversation (by group uuid) or to a person (by
 * handle: into the pair's one group, created with this message if it does not exist yet).
 * With an Idempotency-Key the response is stored atomically with the message, so a retry gets
 * the first response back and stores nothing new.
 *
 * Read-your-writes: before answering, the send moves both members' summaries to the message
 * itself (pattern E's own operation: idempotent, monotonic, race-guarded), so the list the
 * frontend reloads right after a 200 already shows it. The stream-worker makes the same move from
 * the table's stream and stays the guarantee: if this move fails or the process dies between the
 * two writes, the message is stored and the stream converges the summaries. The move costs the
 * request one transaction (the group read before the put is reused), and the worker's move of the
 * same message then finds nothing to do, so the table's total writes stay the same.
 */
@Injectable()
export class SendMessageService {
  private readonly logger = new Logger(SendMessageService.name);

  constructor(
    private readonly table: MessagingTable,
    private readonly users: UsersClient,
    @Inject(sendMessageConfig.KEY) private readonly config: ConfigType<typeof sendMessageConfig>,
    private readonly live: LivePublisher,
  ) {}

  async send(caller: Caller, body: SendMessageDto, idempotencyKey?: string): Promise<SentMessageResponse> {
    const sender = asPerson(caller);
    const recipient = body.handle ? await this.recipient(caller, body.handle) : undefined;
    const messageGroupUuid = recipient ? messageGroupUuidFor(sender.uuid, recipient.uuid) : body.message_group_uuid!;
    const response: SentMessageResponse = {
      message_group_uuid: messageGroupUuid,
      uuid: randomUUID(),
      display_name: sender.displayName,
      handle: sender.handle,
      message: body.message,
      created_at: nowIso(),
    };
    const message = {
      sender,
      message: body.message,
      messageUuid: response.uuid,
      createdAt: response.created_at,
      idempotency: idempotencyKey ? idempotencyRecord(caller.uuid, idempotencyKey, body, response) : undefined,
    };
    const slot = this.live.reserve(messageGroupUuid, response.created_at, response.uuid);
    try {
      const stored = recipient
        ? await this.table.createMessageGroup({ ...message, recipient })
        : { ...(await this.table.putMessageIntoGroup({ ...message, messageGroupUuid })), groupCreated: false };
      if (this.config.crashAfterCommit) process.kill(process.pid, 'SIGKILL');
      // Live before anything else: the members' open streams hear of it without waiting for the move
      // or the table's stream (which publishes it again: the guarantee, should this process die here).
      this.live.messageCreated(slot, stored.message, stored.group);
      // A new group was written with its summaries already showing this message.
      if (stored.groupCreated || (await this.moveSummaries(stored.message, stored.group))) this.live.groupUpdated(stored.message, stored.group);
      return response;
    } catch (error) {
      slot.cancel();
      if (error instanceof IdempotencyKeyUsedError && idempotencyKey) return this.replay(caller, idempotencyKey, body);
      throw error;
    }
  }

  /** Best effort: the message is stored whatever happens here, and the stream makes the same move. True when this call moved them. */
  private async moveSummaries(message: Message, group: MessageGroup): Promise<boolean> {
    if (!this.config.movesSummaries) return false;
    try {
      return (await this.table.updateGroupSummary(message, group)) === 'moved';
    } catch (error) {
      this.logger.warn(
        `summaries of group ${message.messageGroupUuid} not moved by the send (the stream will): ${(error as Error).message}`,
      );
      return false;
    }
  }

  private async recipient(caller: Caller, handle: string): Promise<Person> {
    try {
      const person = asPerson(await this.users.findByHandle(handle));
      if (person.uuid === caller.uuid) throw new DomainError('message_to_self', 'you cannot message yourself');
      return person;
    } catch (error) {
      if (error instanceof UserNotFoundError) throw new DomainError('handle_not_found', `nobody has the handle @${handle.replace(/^@/, '')}`);
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
