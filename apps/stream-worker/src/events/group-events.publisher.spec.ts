import { Logger } from '@nestjs/common';
import type { LiveDelivery, LiveEventPublisher } from '@app/live-events';
import type { GroupSummary, Message } from '@app/ddb';
import { waitFor } from '../../../../test/helpers/wait-for';
import { StreamMetrics } from '../metrics/stream-metrics';
import { GroupEventsPublisher } from './group-events.publisher';

const alice = { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' };
const bob = { uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a', handle: 'bob', displayName: 'Bob' };
const GROUP = '4a410f51-a49e-58f1-bd11-830204adfd95';

const message = (second: number, sender = alice): Message => ({
  messageUuid: `0b6f1a2c-3d4e-4f50-8a61-${String(second).padStart(12, '0')}`,
  messageGroupUuid: GROUP,
  message: `m${second}`,
  createdAt: `2026-11-21T10:00:${String(second).padStart(2, '0')}.000Z`,
  sender,
  sequence: { seq: second, countsAfter: { [alice.uuid]: second, [bob.uuid]: 0 } },
});

/** Bob's summary as pattern E moved it to `shown`: alice's message, two unread. */
const bobsSummary = (shown: Message): GroupSummary => ({
  ownerUuid: bob.uuid,
  messageGroupUuid: GROUP,
  otherPerson: alice,
  lastMessage: shown.message,
  lastMessageAt: shown.createdAt,
  lastMessageUuid: shown.messageUuid,
  otherSent: 3,
  read: { upTo: null, upToUuid: null, count: 1 },
  lastMessageEditedAt: null,
  lastMessageDeleted: false,
  lastMessageRevision: 0,
  deletedUnread: [],
  unreadCount: 2,
});

describe('GroupEventsPublisher (the worker’s live events)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  function publisherWith(publish: (deliveries: LiveDelivery[]) => Promise<void>) {
    const metrics = new StreamMetrics();
    const transport: LiveEventPublisher = { publish, close: async () => undefined };
    return { metrics, publisher: new GroupEventsPublisher(transport, metrics) };
  }
  const failures = async (metrics: StreamMetrics) =>
    Number((await metrics.registry.getSingleMetricAsString('stream_worker_event_emit_failures_total')).trim().split(' ').pop());

  it('publishes message.created of every message to both members, oldest first, then the moved summaries’ list items', async () => {
    const sent: LiveDelivery[][] = [];
    const { publisher } = publisherWith(async (deliveries) => void sent.push(deliveries));
    const [m1, m2, m3] = [message(1), message(2, bob), message(3)];
    publisher.published([m3, m1, m2], [bobsSummary(m3)]);
    const [deliveries] = await waitFor(async () => (sent.length > 0 ? sent : null));
    expect(deliveries.map((delivery) => [delivery.event, delivery.person, 'uuid' in delivery.data ? delivery.data.uuid : ''])).toEqual([
      ['message.created', alice.uuid, m1.messageUuid],
      ['message.created', bob.uuid, m1.messageUuid],
      ['message.created', alice.uuid, m2.messageUuid],
      ['message.created', bob.uuid, m2.messageUuid],
      ['message.created', alice.uuid, m3.messageUuid],
      ['message.created', bob.uuid, m3.messageUuid],
      ['message_group.updated', bob.uuid, GROUP],
    ]);
    // The list item names the other person, with the owner's unread count, as the move wrote it.
    expect(deliveries.at(-1)!.data).toEqual({
      uuid: GROUP,
      handle: 'alice',
      display_name: 'Alice',
      message: 'm3',
      created_at: m3.createdAt,
      unread_count: 2,
    });
  });

  it('counts a failed publish and never throws', async () => {
    const { publisher, metrics } = publisherWith(async () => Promise.reject(new Error('ECONNREFUSED')));
    expect(() => publisher.published([message(1)], [])).not.toThrow();
    await waitFor(async () => (await failures(metrics)) === 1);
  });

  it('does nothing without a transport', () => {
    const metrics = new StreamMetrics();
    expect(() => new GroupEventsPublisher(null, metrics).published([message(1)], [])).not.toThrow();
  });
});
