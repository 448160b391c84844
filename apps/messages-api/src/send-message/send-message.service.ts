import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IdempotencyKeyUsedError, messageGroupUuidFor, MessagingTable, nowIso, type Person } from '@app/ddb';
import { UserNotFoundError, UsersClient } from '@app/users-client';
import type { Caller } from '../auth/caller.decorator';
import type { SentMessageResponse } from '../http/message.response';
import { DomainError } from '../messaging.errors';
import { idempotencyRecord, requestHash } from './idempotency';
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
 */
@Injectable()
export class SendMessageService {
  constructor(
    private readonly table: MessagingTable,
    private readonly users: UsersClient,
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
    try {
      if (recipient) await this.table.createMessageGroup({ ...message, recipient });
      else await this.table.putMessage({ ...message, messageGroupUuid });
      return response;
    } catch (error) {
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
