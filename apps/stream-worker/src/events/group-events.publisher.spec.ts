import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { NEVER, of, throwError } from 'rxjs';
import type { Message } from '@app/ddb';
import { StreamMetrics } from '../metrics/stream-metrics';
import { MESSAGE_GROUP_UPDATED } from './events.constants';
import { GroupEventsPublisher } from './group-events.publisher';

const message: Message = {
  messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
  messageGroupUuid: '4a410f51-a49e-58f1-bd11-830204adfd95',
  message: 'hi',
  createdAt: '2026-11-21T23:06:45.124Z',
  sender: { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' },
};

describe('GroupEventsPublisher', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  const failures = async (metrics: StreamMetrics) =>
    Number((await metrics.registry.getSingleMetricAsString('stream_worker_event_emit_failures_total')).trim().split(' ').pop());

  function publisherWith(emit: jest.Mock) {
    const metrics = new StreamMetrics();
    const client = { emit, close: jest.fn() } as unknown as ClientProxy;
    return { metrics, publisher: new GroupEventsPublisher(client, { emitTimeoutMs: 20, client: { transport: 'none' } }, metrics) };
  }

  it('emits message_group.updated with the group and its new last message', () => {
    const emit = jest.fn(() => of(undefined));
    const { publisher } = publisherWith(emit);
    publisher.groupUpdated(message);
    expect(emit).toHaveBeenCalledWith(MESSAGE_GROUP_UPDATED, expect.objectContaining({ messageGroupUuid: message.messageGroupUuid, messageUuid: message.messageUuid }));
  });

  it('counts a failed or hanging emit and never throws', async () => {
    const emit = jest.fn().mockReturnValueOnce(throwError(() => new Error('ECONNREFUSED'))).mockReturnValueOnce(NEVER);
    const { publisher, metrics } = publisherWith(emit);
    expect(() => publisher.groupUpdated(message)).not.toThrow();
    expect(() => publisher.groupUpdated(message)).not.toThrow();
    for (let i = 0; i < 100 && (await failures(metrics)) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await failures(metrics)).toBe(2);
  });

  it('does nothing without a transport', () => {
    const metrics = new StreamMetrics();
    expect(() => new GroupEventsPublisher(null, { emitTimeoutMs: 20, client: { transport: 'none' } }, metrics).groupUpdated(message)).not.toThrow();
  });
});
