import { marshall } from '@aws-sdk/util-dynamodb';
import { Logger } from '@nestjs/common';
import {
  DdbUnavailableError,
  InvalidArgumentError,
  type Message,
  type MessagingTable,
  MessageGroupNotFoundError,
  type GroupSummary,
  type SummaryMove,
  toGroupSummaryItem,
  toMessageItem,
} from '@app/ddb';
import type { GroupEventsPublisher } from '../events/group-events.publisher';
import { StreamMetrics } from '../metrics/stream-metrics';
import type { ChangeRecord } from '../record-processing/change-record';
import { BatchAbortedError, UpdateGroupSummariesService } from './update-group-summaries.service';

const alice = { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' };
const GROUP_A = '4a410f51-a49e-58f1-bd11-830204adfd95';
const GROUP_B = '5b521062-b5af-59f2-8e22-941315beae06';

let sequence = 0;
function messageRecord(messageGroupUuid: string, second: number): ChangeRecord & { message: Message } {
  sequence += 1;
  const message: Message = {
    messageUuid: `0b6f1a2c-3d4e-4f50-8a61-${String(sequence).padStart(12, '0')}`,
    messageGroupUuid,
    message: `m${sequence}`,
    createdAt: `2026-11-21T10:00:${String(second).padStart(2, '0')}.000Z`,
    sender: alice,
  };
  return { sequenceNumber: String(sequence).padStart(21, '0'), eventName: 'INSERT', newImage: marshall(toMessageItem(message)), message };
}

function summaryRecord(): ChangeRecord {
  const item = toGroupSummaryItem({
    ownerUuid: alice.uuid,
    messageGroupUuid: GROUP_A,
    otherPerson: { uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a', handle: 'bob', displayName: 'Bob' },
    lastMessage: 'x',
    lastMessageAt: '2026-11-21T10:00:00.000Z',
    lastMessageUuid: '0b6f1a2c-3d4e-4f50-8a61-000000000000',
    otherSent: 0,
    read: { upTo: null, upToUuid: null, count: 0 },
  });
  return { sequenceNumber: 'grp', eventName: 'INSERT', newImage: marshall(item) };
}

describe('UpdateGroupSummariesService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  /** What the move wrote for a message (its recipient's summary, say): what the events carry. */
  const movedFor = (message: Message) => [
    { ownerUuid: 'recipient', messageGroupUuid: message.messageGroupUuid } as unknown as GroupSummary,
  ];
  const moved = async (message: Message): Promise<SummaryMove> => ({ update: 'moved', moved: movedFor(message) });
  let update: jest.Mock<Promise<SummaryMove>, [Message]>;
  let published: jest.Mock;
  let metrics: StreamMetrics;
  let service: UpdateGroupSummariesService;

  beforeEach(() => {
    update = jest.fn<Promise<SummaryMove>, [Message]>(moved);
    published = jest.fn();
    metrics = new StreamMetrics();
    service = new UpdateGroupSummariesService({ updateGroupSummary: update } as unknown as MessagingTable, { concurrency: 4 }, metrics, {
      published,
    } as unknown as GroupEventsPublisher);
  });

  const applied = (record: ChangeRecord) => ({ kind: 'applied', sequenceNumber: record.sequenceNumber });

  it('applies the newest message of every group in the batch, not just the first record', async () => {
    const a1 = messageRecord(GROUP_A, 1);
    const b1 = messageRecord(GROUP_B, 1);
    const a3 = messageRecord(GROUP_A, 3);
    const a2 = messageRecord(GROUP_A, 2);

    const outcomes = await service.processRecords([a1, b1, a3, a2]);

    expect(update.mock.calls.map(([message]) => message)).toEqual(expect.arrayContaining([a3.message, b1.message]));
    expect(update).toHaveBeenCalledTimes(2);
    expect(outcomes).toEqual([a1, b1, a3, a2].map(applied));
    // Live events for every MSG insert of the batch, not only the newest of each group.
    expect(published).toHaveBeenCalledWith([a3.message, a2.message, a1.message], movedFor(a3.message));
    expect(published).toHaveBeenCalledWith([b1.message], movedFor(b1.message));
  });

  it('ignores other entities and other event types, and emits nothing for an unchanged group', async () => {
    update.mockResolvedValue({ update: 'unchanged', moved: [] });
    const a1 = messageRecord(GROUP_A, 1);
    const batch: ChangeRecord[] = [
      summaryRecord(),
      { ...a1, eventName: 'MODIFY' },
      { sequenceNumber: 'r', eventName: 'REMOVE' },
      messageRecord(GROUP_B, 5),
    ];
    const outcomes = await service.processRecords(batch);
    expect(outcomes).toEqual(batch.map(applied));
    expect(update).toHaveBeenCalledTimes(1);
    // Still published as created (the send path moved the summaries; streams dedupe), but no list update.
    expect(published).toHaveBeenCalledWith(
      [batch[3] as ChangeRecord & { message: Message }].map((record) => record.message),
      [],
    );
  });

  it('reports a retryable failure as retryable after one try (retrying is the policy’s), with the group’s older records waiting too', async () => {
    update.mockRejectedValue(new DdbUnavailableError('timeout'));
    const older = messageRecord(GROUP_A, 1);
    const newer = messageRecord(GROUP_A, 2);
    const outcomes = await service.processRecords([older, newer]);
    expect(update).toHaveBeenCalledTimes(1);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['retryable', 'retryable']);
    expect(outcomes[1]).toMatchObject({ sequenceNumber: newer.sequenceNumber, reason: expect.stringContaining('timeout') });
    expect(await metrics.registry.getSingleMetricAsString('stream_worker_record_retries_total')).toMatch(/ 1$/);
  });

  it('reports an orphan message as permanent, once, without retrying it', async () => {
    update.mockRejectedValue(new MessageGroupNotFoundError('no such group'));
    const poison = messageRecord(GROUP_A, 1);
    const outcomes = await service.processRecords([poison]);
    expect(update).toHaveBeenCalledTimes(1);
    expect(outcomes).toEqual([
      { kind: 'permanent', sequenceNumber: poison.sequenceNumber, reasonCode: 'orphan_message', reason: 'no such group' },
    ]);
  });

  it('falls back to the group’s next message when the newest one has a non-member sender', async () => {
    const older = messageRecord(GROUP_A, 1);
    const newer = messageRecord(GROUP_A, 2);
    update.mockImplementation(async (message) => {
      if (message.messageUuid === newer.message.messageUuid) throw new InvalidArgumentError('sent by a non-member');
      return moved(message);
    });
    const outcomes = await service.processRecords([older, newer]);
    expect(outcomes).toEqual([applied(older), expect.objectContaining({ kind: 'permanent', reasonCode: 'non_member_sender' })]);
  });

  it('rejects an unparseable MSG image as malformed without touching DynamoDB', async () => {
    const broken = messageRecord(GROUP_A, 1);
    const outcomes = await service.processRecords([{ ...broken, newImage: { entity: { S: 'MSG' } } }]);
    expect(update).not.toHaveBeenCalled();
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'permanent', reasonCode: 'malformed_record' })]);
  });

  it('abandons the batch when the worker stops, so it is not checkpointed', async () => {
    const controller = new AbortController();
    update.mockImplementation(async () => {
      controller.abort();
      throw new DdbUnavailableError('down');
    });
    await expect(service.processRecords([messageRecord(GROUP_A, 1)], controller.signal)).rejects.toBeInstanceOf(BatchAbortedError);
  });
});
