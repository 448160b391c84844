import { TransactionConflictError, type Message, type MessageGroup, type MessagingTable } from '@app/ddb';
import type { UsersClient } from '@app/users-client';
import type { Caller } from '../auth/caller.decorator';
import type { LivePublisher } from '../events/live-publisher';
import { SendMessageService } from './send-message.service';

const andrew: Caller = { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'andrewbrown', display_name: 'Andrew Brown' };
const bayko = { uuid: '2a8e7d1c-5b4f-4e3a-8c9d-0f1e2d3c4b5a', handle: 'bayko', displayName: 'Andrew Bayko' };
const groupUuid = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

/** A table double recording what the service asked of it; the operations themselves are tested on DynamoDB Local. */
function fakeTable(options: { moveFails?: boolean; groupCreated?: boolean } = {}) {
  const moves: Array<{ message: Message; group: MessageGroup }> = [];
  const group = { messageGroupUuid: groupUuid } as MessageGroup;
  const stored = (input: { message: string; messageUuid?: string; createdAt?: string }) => ({
    message: { messageUuid: input.messageUuid, messageGroupUuid: groupUuid, message: input.message, createdAt: input.createdAt } as Message,
    group,
  });
  const table = {
    putMessageIntoGroup: async (input: { message: string }) => stored(input),
    createMessageGroup: async (input: { message: string }) => ({ ...stored(input), groupCreated: options.groupCreated ?? false }),
    updateGroupSummary: async (message: Message, asRead: MessageGroup) => {
      if (options.moveFails) throw new TransactionConflictError('too much contention');
      moves.push({ message, group: asRead });
      return 'moved' as const;
    },
  };
  return { table: table as unknown as MessagingTable, moves, group };
}

const users = { findByHandle: async () => ({ uuid: bayko.uuid, handle: bayko.handle, display_name: bayko.displayName }) } as unknown as UsersClient;
/** Records what the send path published live. */
function fakeLive() {
  const published: string[] = [];
  const live = {
    reserve: () => ({ ready: (run: () => void) => run(), cancel: () => undefined }),
    messageCreated: (slot: { ready(run: () => void): void }, message: Message) => slot.ready(() => published.push(`message.created ${message.messageUuid}`)),
    groupUpdated: (message: Message) => published.push(`message_group.updated ${message.messageUuid}`),
  };
  return { live: live as unknown as LivePublisher, published };
}
const service = (table: MessagingTable, movesSummaries = true, live = fakeLive().live) =>
  new SendMessageService(table, users, { movesSummaries, crashAfterCommit: false }, live);

describe('SendMessageService: the send path’s summary move', () => {
  it('moves the summaries to the sent message, reusing the group it read', async () => {
    const { table, moves, group } = fakeTable();
    const sent = await service(table).send(andrew, { message: 'hi', message_group_uuid: groupUuid });
    expect(moves).toEqual([{ message: expect.objectContaining({ messageUuid: sent.uuid, createdAt: sent.created_at }), group }]);
  });

  it('answers with the stored message even when the move fails (the stream moves them later)', async () => {
    const { table } = fakeTable({ moveFails: true });
    await expect(service(table).send(andrew, { message: 'still stored', message_group_uuid: groupUuid })).resolves.toMatchObject({
      message: 'still stored',
      handle: 'andrewbrown',
    });
  });

  it('does not move a conversation it just created (its summaries were written with the message)', async () => {
    const { table, moves } = fakeTable({ groupCreated: true });
    await service(table).send(andrew, { message: 'first', handle: 'bayko' });
    expect(moves).toEqual([]);
  });

  it('moves nothing when switched off (pattern E alone)', async () => {
    const { table, moves } = fakeTable();
    await service(table, false).send(andrew, { message: 'hi', message_group_uuid: groupUuid });
    expect(moves).toEqual([]);
  });

  it('publishes message.created right after storing, and message_group.updated once the summaries moved', async () => {
    const { table } = fakeTable();
    const { live, published } = fakeLive();
    const sent = await service(table, true, live).send(andrew, { message: 'hi', message_group_uuid: groupUuid });
    expect(published).toEqual([`message.created ${sent.uuid}`, `message_group.updated ${sent.uuid}`]);
  });

  it('publishes message.created alone when the move failed (the worker publishes the update after its own move)', async () => {
    const { table } = fakeTable({ moveFails: true });
    const { live, published } = fakeLive();
    const sent = await service(table, true, live).send(andrew, { message: 'hi', message_group_uuid: groupUuid });
    expect(published).toEqual([`message.created ${sent.uuid}`]);
  });
});
