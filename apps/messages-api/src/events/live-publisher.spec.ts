import { Logger } from '@nestjs/common';
import type { ConversationMembers, LiveDelivery, LiveEventPublisher, LiveMessage, LiveSummary } from '@app/live-events';
import type { LiveHub } from './live-hub';
import { LivePublisher } from './live-publisher';

const andrew = { uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e6a1', handle: 'andrewbrown', displayName: 'Andrew Brown' };
const bayko = { uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e6b2', handle: 'bayko', displayName: 'Bayko' };
const conversation: ConversationMembers = { messageGroupUuid: 'a5d3b7c1-0000-4000-8000-000000000001', members: [andrew, bayko] };

const message = (uuid: string, createdAt: string): LiveMessage => ({
  messageUuid: uuid,
  messageGroupUuid: conversation.messageGroupUuid,
  message: `text of ${uuid}`,
  createdAt,
  sender: andrew,
});

/** The hub's side: what this instance's own streams were handed. */
function fakeHub() {
  const delivered: LiveDelivery[] = [];
  return { hub: { deliver: (deliveries: LiveDelivery[]) => delivered.push(...deliveries) } as unknown as LiveHub, delivered };
}

/** A broker whose publishes succeed unless told to fail. */
function fakeBroker() {
  const published: LiveDelivery[][] = [];
  const broker = {
    fail: undefined as Error | undefined,
    publish: jest.fn(async (deliveries: LiveDelivery[]) => {
      if (broker.fail) throw broker.fail;
      published.push(deliveries);
    }),
    close: jest.fn(async () => undefined),
  } satisfies LiveEventPublisher & { fail?: Error };
  return { broker, published };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LivePublisher', () => {
  afterEach(() => jest.restoreAllMocks());

  it('without a broker, hands message.created to both members on this instance, at once', () => {
    const { hub, delivered } = fakeHub();
    const live = new LivePublisher(null, hub);
    live.messageCreated(live.reserve(conversation.messageGroupUuid), message('m1', '2026-11-21T23:07:45.000Z'), conversation);
    expect(delivered.map((delivery) => [delivery.person, delivery.event, delivery.data])).toEqual([
      [
        andrew.uuid,
        'message.created',
        expect.objectContaining({ uuid: 'm1', handle: 'andrewbrown', message_group_uuid: conversation.messageGroupUuid }),
      ],
      [bayko.uuid, 'message.created', expect.objectContaining({ uuid: 'm1' })],
    ]);
  });

  it('with a broker, publishes through it only (this instance hears its own events through its subscriptions)', async () => {
    const { hub, delivered } = fakeHub();
    const { broker, published } = fakeBroker();
    const live = new LivePublisher(broker, hub);
    live.messageCreated(live.reserve(conversation.messageGroupUuid), message('m1', '2026-11-21T23:07:45.000Z'), conversation);
    await settle();
    expect(published).toHaveLength(1);
    expect(published[0].map((delivery) => delivery.person)).toEqual([andrew.uuid, bayko.uuid]);
    expect(delivered).toEqual([]);
  });

  it('publishes the messages of one conversation in created_at order, whichever write came back first', () => {
    const { hub, delivered } = fakeHub();
    const live = new LivePublisher(null, hub);
    const earlier = live.reserve(conversation.messageGroupUuid);
    const later = live.reserve(conversation.messageGroupUuid);
    const failed = live.reserve(conversation.messageGroupUuid);
    live.messageCreated(later, message('m2', '2026-11-21T23:07:46.000Z'), conversation);
    expect(delivered).toEqual([]);
    live.messageCreated(earlier, message('m1', '2026-11-21T23:07:45.000Z'), conversation);
    expect(delivered).toEqual([]);
    failed.cancel();
    expect(delivered.filter((delivery) => delivery.person === bayko.uuid).map((delivery) => delivery.data)).toMatchObject([
      { uuid: 'm1' },
      { uuid: 'm2' },
    ]);
  });

  it("sends message_group.updated to each summary's owner with their unread count, and nothing for no summaries", () => {
    const { hub, delivered } = fakeHub();
    const live = new LivePublisher(null, hub);
    live.summariesUpdated([]);
    expect(delivered).toEqual([]);
    const summary: LiveSummary = {
      ownerUuid: bayko.uuid,
      messageGroupUuid: conversation.messageGroupUuid,
      otherPerson: { handle: andrew.handle, displayName: andrew.displayName },
      lastMessage: 'hi',
      lastMessageAt: '2026-11-21T23:07:45.000Z',
      unreadCount: 3,
    };
    live.summariesUpdated([summary]);
    expect(delivered).toEqual([
      {
        person: bayko.uuid,
        event: 'message_group.updated',
        data: {
          uuid: conversation.messageGroupUuid,
          display_name: 'Andrew Brown',
          handle: 'andrewbrown',
          message: 'hi',
          created_at: '2026-11-21T23:07:45.000Z',
          unread_count: 3,
        },
      },
    ]);
  });

  it('never throws when the broker fails: logs the first failure of a streak, then every 100th, and starts over after a success', async () => {
    const { hub } = fakeHub();
    const { broker } = fakeBroker();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const live = new LivePublisher(broker, hub);
    const read: LiveDelivery[] = [
      {
        person: bayko.uuid,
        event: 'message_group.read',
        data: { message_group_uuid: conversation.messageGroupUuid, handle: 'andrewbrown', read_up_to: null },
      },
    ];
    broker.fail = new Error('broker down');
    for (let publish = 0; publish < 101; publish++) expect(() => live.publish(read)).not.toThrow();
    await settle();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toContain('(1 failed in a row; the stream-worker will): broker down');
    expect(warn.mock.calls[1][0]).toContain('(101 failed in a row');
    broker.fail = undefined;
    live.publish(read);
    await settle();
    broker.fail = new Error('broker down again');
    live.publish(read);
    await settle();
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[2][0]).toContain('(1 failed in a row; the stream-worker will): broker down again');
  });

  it('closes the broker at shutdown (and has nothing to close without one)', async () => {
    const { broker } = fakeBroker();
    await new LivePublisher(broker, fakeHub().hub).onApplicationShutdown();
    expect(broker.close).toHaveBeenCalledTimes(1);
    await expect(new LivePublisher(null, fakeHub().hub).onApplicationShutdown()).resolves.toBeUndefined();
  });
});
