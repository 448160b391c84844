import type { DeadLetter, DeadLetterStore, GroupSummary, Message, MessagingTable, SummaryMove } from '@app/ddb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { toMessageItem, toProfileItem } from '@app/ddb';
import type { RecordOutcome } from './shard-record-processor.port';
import { replayDeadLetters } from './dead-letter-replay';

const alice = { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' };
const bob = { uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a', handle: 'bob', displayName: 'Bob' };
const GROUP = '4a410f51-a49e-58f1-bd11-830204adfd95';
const message: Message = {
  messageUuid: '0b6f1a2c-3d4e-4f50-8a61-000000000001',
  messageGroupUuid: GROUP,
  message: 'before the group existed',
  createdAt: '2026-11-21T10:00:01.000Z',
  sender: alice,
  sequence: { seq: 1, countsAfter: { [alice.uuid]: 1, [bob.uuid]: 0 } },
};
const bobsSummary: GroupSummary = {
  ownerUuid: bob.uuid,
  messageGroupUuid: GROUP,
  otherPerson: alice,
  lastMessage: message.message,
  lastMessageAt: message.createdAt,
  lastMessageUuid: message.messageUuid,
  otherSent: 1,
  read: { upTo: null, upToUuid: null, count: 0 },
  lastMessageEditedAt: null,
  lastMessageDeleted: false,
  lastMessageRevision: 0,
  deletedUnread: [],
  unreadCount: 1,
};
const letter = (sequenceNumber: string, fields: Partial<DeadLetter> = {}): DeadLetter => ({
  sequenceNumber,
  shardId: 'shardId-1',
  reasonCode: 'orphan_message',
  reason: 'no group',
  eventName: 'INSERT',
  newImage: marshall(toMessageItem(message), { removeUndefinedValues: true }) as DeadLetter['newImage'],
  deadLetteredAt: '2026-11-21T10:00:02.000Z',
  replayAttempts: 0,
  ...fields,
});

describe('replayDeadLetters (the ops command’s replay)', () => {
  let move: jest.Mock<Promise<SummaryMove>, [Message]>;
  let table: MessagingTable;
  let store: jest.Mocked<Pick<DeadLetterStore, 'remove' | 'recordFailedReplay'>>;
  let published: jest.Mock<Promise<void>, [Message[], GroupSummary[]]>;
  let applyChange: jest.Mock<Promise<GroupSummary[]>, [Message]>;
  let changed: jest.Mock<Promise<void>, [Message, GroupSummary[]]>;
  let profiles: jest.Mock<Promise<void>, [Array<{ record: { sequenceNumber: string } }>, Map<string, RecordOutcome>]>;
  const deps = () => ({
    table,
    store: store as unknown as DeadLetterStore,
    events: { publishAndWait: published, changedAndWait: changed },
    profiles: { apply: profiles },
  });
  const profileLetter = (sequenceNumber: string) =>
    letter(sequenceNumber, {
      reasonCode: 'malformed_record',
      newImage: marshall(
        toProfileItem({ person: { ...alice, displayName: 'Alice Again' }, version: 2, updatedAt: '2026-11-21T10:06:00.000Z' }),
        {
          removeUndefinedValues: true,
        },
      ) as DeadLetter['newImage'],
    });

  beforeEach(() => {
    move = jest.fn<Promise<SummaryMove>, [Message]>(async () => ({ update: 'moved', moved: [bobsSummary] }));
    applyChange = jest.fn<Promise<GroupSummary[]>, [Message]>(async () => [bobsSummary]);
    table = { updateGroupSummary: move, applyMessageChange: applyChange } as unknown as MessagingTable;
    changed = jest.fn<Promise<void>, [Message, GroupSummary[]]>(async () => undefined);
    profiles = jest.fn(async (records, outcomes) => {
      for (const { record } of records) outcomes.set(record.sequenceNumber, { kind: 'applied', sequenceNumber: record.sequenceNumber });
    });
    store = {
      remove: jest.fn<Promise<void>, [string]>(async () => undefined),
      recordFailedReplay: jest.fn<Promise<void>, Parameters<DeadLetterStore['recordFailedReplay']>>(async () => undefined),
    };
    published = jest.fn<Promise<void>, [Message[], GroupSummary[]]>(async () => undefined);
  });

  it('publishes what the worker publishes for an applied message: message.created to both members and the summaries it moved', async () => {
    const outcomes = await replayDeadLetters(deps(), [letter('7')]);
    expect(outcomes).toEqual([{ sequenceNumber: '7', result: 'applied', summaries: 'moved' }]);
    expect(move).toHaveBeenCalledWith(message);
    expect(published).toHaveBeenCalledWith([message], [bobsSummary]);
    expect(store.remove).toHaveBeenCalledWith('7');
  });

  it('publishes message.created even when the summaries were already there (a replay after a newer message)', async () => {
    move.mockResolvedValue({ update: 'unchanged', moved: [] });
    await replayDeadLetters(deps(), [letter('7')]);
    expect(published).toHaveBeenCalledWith([message], []);
  });

  it('replays an edit or delete (a MODIFY with a revision) as a change, not as a new message, and announces it as one', async () => {
    const deleted: Message = { ...message, message: '', deletedAt: '2026-11-21T10:05:00.000Z', revision: 1 };
    const outcomes = await replayDeadLetters(deps(), [
      letter('9', {
        eventName: 'MODIFY',
        newImage: marshall(toMessageItem(deleted), { removeUndefinedValues: true }) as DeadLetter['newImage'],
      }),
    ]);
    expect(outcomes).toEqual([{ sequenceNumber: '9', result: 'applied', summaries: 'moved' }]);
    expect(applyChange).toHaveBeenCalledWith(deleted);
    expect(move).not.toHaveBeenCalled();
    expect(changed).toHaveBeenCalledWith(deleted, [bobsSummary]);
    expect(published).not.toHaveBeenCalled();
    expect(store.remove).toHaveBeenCalledWith('9');
  });

  it('replays a profile change (a PROFILE record) through the fan-out, and keeps it when it still cannot apply', async () => {
    expect(await replayDeadLetters(deps(), [profileLetter('10')])).toEqual([
      { sequenceNumber: '10', result: 'applied', summaries: 'moved' },
    ]);
    expect(profiles.mock.calls[0][0]).toEqual([expect.objectContaining({ profile: expect.objectContaining({ version: 2 }) })]);
    expect(store.remove).toHaveBeenCalledWith('10');
    expect(move).not.toHaveBeenCalled();

    profiles.mockImplementation(async (records, outcomes) => {
      for (const { record } of records)
        outcomes.set(record.sequenceNumber, {
          kind: 'permanent',
          sequenceNumber: record.sequenceNumber,
          reasonCode: 'malformed_record',
          reason: 'bad summary',
        });
    });
    expect(await replayDeadLetters(deps(), [profileLetter('11')])).toEqual([
      expect.objectContaining({ sequenceNumber: '11', result: 'still_failing', reasonCode: 'malformed_record', reason: 'bad summary' }),
    ]);
    expect(store.recordFailedReplay).toHaveBeenCalledWith('11', 'malformed_record', 'bad summary', expect.any(String));
  });

  it('publishes nothing for a dead letter that still cannot apply', async () => {
    const outcomes = await replayDeadLetters(deps(), [letter('8', { newImage: undefined, reasonCode: 'malformed_record' })]);
    expect(outcomes[0]).toMatchObject({ sequenceNumber: '8', result: 'still_failing', reasonCode: 'malformed_record' });
    expect(published).not.toHaveBeenCalled();
  });
});
