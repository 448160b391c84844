import { IdempotencyKeyUsedError, type IdempotencyRecord, type Message, type MessagingTable, type NewMessage } from '@app/ddb';
import type { UsersClient } from '@app/users-client';
import type { Caller } from '../auth/caller.decorator';
import type { LivePublisher } from '../events/live-publisher';
import type { InboundLimit } from '../rate-limit/inbound-limit';
import { SendMessageService } from './send-message.service';

const andrew: Caller = { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'andrewbrown', display_name: 'Andrew Brown' };
const bayko = { uuid: '2a8e7d1c-5b4f-4e3a-8c9d-0f1e2d3c4b5a', handle: 'bayko', displayName: 'Andrew Bayko' };
const groupUuid = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
/** The time the table stamps: deliberately not the service's clock, as a busy group's next position would be. */
const STAMPED = '2031-01-01T00:00:00.001Z';

/**
 * A table double that stamps the message as the real write does (uuid, created_at per attempt) and
 * records what the service asked for; the operations themselves are tested on DynamoDB Local.
 */
function fakeTable(options: { attempts?: number; keyUsedWith?: IdempotencyRecord } = {}) {
  const calls: Array<NewMessage & { recipient?: unknown }> = [];
  const stored: IdempotencyRecord[] = [];
  const write = async (input: NewMessage & { recipient?: unknown }) => {
    calls.push(input);
    if (options.keyUsedWith) throw new IdempotencyKeyUsedError('used');
    let message!: Message;
    // Each attempt stamps a later time and builds its own idempotency record; the last one commits.
    for (let attempt = 1; attempt <= (options.attempts ?? 1); attempt++) {
      message = {
        messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
        messageGroupUuid: groupUuid,
        message: input.message,
        createdAt: attempt === (options.attempts ?? 1) ? STAMPED : `2030-01-01T00:00:00.00${attempt}Z`,
        sender: input.sender,
      };
      const record = input.idempotency?.(message);
      if (record && attempt === (options.attempts ?? 1)) stored.push(record);
    }
    // With movesSummaries the write moves the sender's summary and hands it back.
    const summaries = input.movesSummaries ? [{ ownerUuid: input.sender.uuid, lastMessageUuid: message.messageUuid }] : [];
    return { message, group: {}, groupCreated: false, summaries };
  };
  const table = {
    putMessageIntoGroup: write,
    createMessageGroup: write,
    getIdempotencyRecord: async () => options.keyUsedWith ?? null,
  };
  return { table: table as unknown as MessagingTable, calls, stored };
}

const users = {
  findByHandle: async () => ({ uuid: bayko.uuid, handle: bayko.handle, display_name: bayko.displayName }),
} as unknown as UsersClient;
/** Records what the send path published live. */
function fakeLive() {
  const published: string[] = [];
  const live = {
    reserve: () => ({ ready: (_position: string, run: () => void) => run(), cancel: () => published.push('cancelled') }),
    messageCreated: (slot: { ready(position: string, run: () => void): void }, message: Message) =>
      slot.ready(message.createdAt, () => published.push(`message.created ${message.messageUuid}`)),
    summariesUpdated: (summaries: Array<{ lastMessageUuid: string }>) =>
      summaries.forEach((summary) => published.push(`message_group.updated ${summary.lastMessageUuid}`)),
  };
  return { live: live as unknown as LivePublisher, published };
}
/** The recipients' inbound limit, admitting everyone (its own spec and e2e test cover refusals). */
const admitAll = { admit: async () => undefined } as unknown as InboundLimit;
const service = (table: MessagingTable, movesSummaries = true, live = fakeLive().live) =>
  new SendMessageService(table, users, { movesSummaries }, live, admitAll);

describe('SendMessageService', () => {
  it('answers with the message as stored: its uuid and the created_at the write stamped', async () => {
    const { table } = fakeTable();
    await expect(service(table).send(andrew, { message: 'hi', message_group_uuid: groupUuid })).resolves.toEqual({
      message_group_uuid: groupUuid,
      uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'hi',
      created_at: STAMPED,
    });
  });

  it('stores under the Idempotency-Key exactly the response it returns, even when the write took several attempts', async () => {
    const { table, stored } = fakeTable({ attempts: 3 });
    const sent = await service(table).send(andrew, { message: 'hi', message_group_uuid: groupUuid }, 'key-1');
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].response)).toEqual(sent);
    expect(stored[0]).toMatchObject({ ownerUuid: andrew.uuid, key: 'key-1' });
  });

  it('answers a used key with the first response when the request is the same', async () => {
    const first = fakeTable();
    const sent = await service(first.table).send(andrew, { message: 'hi', message_group_uuid: groupUuid }, 'key-2');
    const { table } = fakeTable({ keyUsedWith: first.stored[0] });
    await expect(service(table).send(andrew, { message: 'hi', message_group_uuid: groupUuid }, 'key-2')).resolves.toEqual(sent);
    await expect(service(table).send(andrew, { message: 'other', message_group_uuid: groupUuid }, 'key-2')).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
  });

  it('asks the write to move the summaries as configured, for existing and new conversations', async () => {
    const on = fakeTable();
    await service(on.table, true).send(andrew, { message: 'a', message_group_uuid: groupUuid });
    await service(on.table, true).send(andrew, { message: 'b', handle: 'bayko' });
    const off = fakeTable();
    await service(off.table, false).send(andrew, { message: 'c', message_group_uuid: groupUuid });
    expect(on.calls.map((call) => call.movesSummaries)).toEqual([true, true]);
    expect(on.calls[1].recipient).toEqual(bayko);
    expect(off.calls.map((call) => call.movesSummaries)).toEqual([false]);
  });

  it('publishes message.created right after storing, and message_group.updated for the summary the send moved', async () => {
    const { table } = fakeTable();
    const { live, published } = fakeLive();
    const sent = await service(table, true, live).send(andrew, { message: 'hi', message_group_uuid: groupUuid });
    expect(published).toEqual([`message.created ${sent.uuid}`, `message_group.updated ${sent.uuid}`]);
  });

  it('publishes message.created alone when the summaries are left to the stream-worker (it publishes the update)', async () => {
    const { table } = fakeTable();
    const { live, published } = fakeLive();
    const sent = await service(table, false, live).send(andrew, { message: 'hi', message_group_uuid: groupUuid });
    expect(published).toEqual([`message.created ${sent.uuid}`]);
  });

  it('gives up its publishing slot when the write fails', async () => {
    const { table } = fakeTable({ keyUsedWith: { ownerUuid: andrew.uuid, key: 'k', requestHash: 'other', response: '{}', expiresAt: 0 } });
    const { live, published } = fakeLive();
    await expect(service(table, true, live).send(andrew, { message: 'hi', message_group_uuid: groupUuid }, 'k')).rejects.toThrow();
    expect(published).toEqual(['cancelled']);
  });
});
