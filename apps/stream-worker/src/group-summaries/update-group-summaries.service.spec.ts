import { marshall } from '@aws-sdk/util-dynamodb';
import { Logger } from '@nestjs/common';
import {
  DdbUnavailableError,
  type Message,
  type MessagingTable,
  MessageGroupNotFoundError,
  type SummaryUpdate,
  toGroupSummaryItem,
  toMessageItem,
} from '@app/ddb';
import type { GroupEventsPublisher } from '../events/group-events.publisher';
import { StreamMetrics } from '../metrics/stream-metrics';
import type { ChangeRecord } from './change-record';
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
  });
  return { sequenceNumber: 'grp', eventName: 'INSERT', newImage: marshall(item) };
}

describe('UpdateGroupSummariesService', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  let update: jest.Mock<Promise<SummaryUpdate>, [Message]>;
  let groupUpdated: jest.Mock;
  let metrics: StreamMetrics;
  let service: UpdateGroupSummariesService;

  beforeEach(() => {
    update = jest.fn<Promise<SummaryUpdate>, [Message]>(async () => 'moved');
    groupUpdated = jest.fn();
    metrics = new StreamMetrics();
    service = new UpdateGroupSummariesService(
      { updateGroupSummary: update } as unknown as MessagingTable,
      { maxAttempts: 3, retry: { baseMs: 1, capMs: 2 }, concurrency: 4 },
      metrics,
      { groupUpdated } as unknown as GroupEventsPublisher,
    );
  });

  it('applies the newest message of every group in the batch, not just the first record', async () => {
    const a1 = messageRecord(GROUP_A, 1);
    const b1 = messageRecord(GROUP_B, 1);
    const a3 = messageRecord(GROUP_A, 3);
    const a2 = messageRecord(GROUP_A, 2);

    const result = await service.handleBatch([a1, b1, a3, a2]);

    expect(update.mock.calls.map(([message]) => message)).toEqual(expect.arrayContaining([a3.message, b1.message]));
    expect(update).toHaveBeenCalledTimes(2);
    expect(result).toEqual({ moved: 2, unchanged: 0, superseded: 2, ignored: 0, failed: [] });
    expect(groupUpdated).toHaveBeenCalledTimes(2);
  });

  it('ignores other entities and other event types, and emits nothing for an unchanged group', async () => {
    update.mockResolvedValue('unchanged');
    const a1 = messageRecord(GROUP_A, 1);
    const result = await service.handleBatch([
      summaryRecord(),
      { ...a1, eventName: 'MODIFY' },
      { sequenceNumber: 'r', eventName: 'REMOVE' },
      messageRecord(GROUP_B, 5),
    ]);
    expect(result).toMatchObject({ moved: 0, unchanged: 1, ignored: 3, failed: [] });
    expect(groupUpdated).not.toHaveBeenCalled();
  });

  it('retries a retryable failure with backoff', async () => {
    update.mockRejectedValueOnce(new DdbUnavailableError('timeout')).mockResolvedValueOnce('moved');
    const result = await service.handleBatch([messageRecord(GROUP_A, 1)]);
    expect(update).toHaveBeenCalledTimes(2);
    expect(result.moved).toBe(1);
    expect(await metrics.registry.getSingleMetricAsString('stream_worker_record_retries_total')).toMatch(/ 1$/);
  });

  it('records a record that keeps failing as failed, by sequence number, and falls back to the group’s next message', async () => {
    const older = messageRecord(GROUP_A, 1);
    const newer = messageRecord(GROUP_A, 2);
    update.mockImplementation(async (message) => {
      if (message.messageUuid === newer.message.messageUuid) throw new DdbUnavailableError('down');
      return 'moved';
    });

    const result = await service.handleBatch([older, newer]);

    expect(result.failed).toEqual([{ sequenceNumber: newer.sequenceNumber, reason: expect.stringContaining('down') }]);
    expect(result.moved).toBe(1);
    expect(update).toHaveBeenCalledTimes(3 + 1);
  });

  it('fails a record at once when its error can never go away', async () => {
    update.mockRejectedValue(new MessageGroupNotFoundError('no such group'));
    const poison = messageRecord(GROUP_A, 1);
    const result = await service.handleBatch([poison]);
    expect(update).toHaveBeenCalledTimes(1);
    expect(result.failed.map((failure) => failure.sequenceNumber)).toEqual([poison.sequenceNumber]);
  });

  it('rejects an unparseable MSG image without touching DynamoDB', async () => {
    const broken = messageRecord(GROUP_A, 1);
    const result = await service.handleBatch([{ ...broken, newImage: { entity: { S: 'MSG' } } }]);
    expect(update).not.toHaveBeenCalled();
    expect(result.failed).toHaveLength(1);
  });

  it('abandons the batch when the worker stops, so it is not checkpointed', async () => {
    const controller = new AbortController();
    update.mockImplementation(async () => {
      controller.abort();
      throw new DdbUnavailableError('down');
    });
    await expect(service.handleBatch([messageRecord(GROUP_A, 1)], controller.signal)).rejects.toBeInstanceOf(BatchAbortedError);
  });
});
