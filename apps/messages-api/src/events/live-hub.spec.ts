import { Logger } from '@nestjs/common';
import type { Deliver, LiveDelivery, LiveSubscriptions } from '@app/live-events';
import type { CloseReason, LiveConnection } from './live-connection';
import { LiveHub } from './live-hub';

const andrew = '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e6a1';
const bayko = '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e6b2';

/** The hub over fake broker subscriptions, keeping the callback through which the broker hands it deliveries. */
function fakeSubscriptions() {
  const subscriptions = {
    add: jest.fn(async (_person: string) => undefined),
    remove: jest.fn(),
    close: jest.fn(async () => undefined),
  } satisfies LiveSubscriptions;
  let fromBroker: Deliver = () => undefined;
  const hub = new LiveHub((deliver) => {
    fromBroker = deliver;
    return subscriptions;
  });
  return { hub, subscriptions, fromBroker: (deliveries: LiveDelivery[]) => fromBroker(deliveries) };
}

/** An event stream as the hub sees it: its person, what it was handed, and its close. */
function stream(person: string) {
  const closers: Array<() => void> = [];
  const received: LiveDelivery[] = [];
  const closedWith: CloseReason[] = [];
  const connection = {
    person,
    onClose: (listener: () => void) => closers.push(listener),
    deliver: (delivery: LiveDelivery) => received.push(delivery),
    close: (reason: CloseReason) => {
      closedWith.push(reason);
      closers.forEach((listener) => listener());
    },
  };
  return { connection: connection as unknown as LiveConnection, received, closedWith, close: () => connection.close('client_closed') };
}

const created = (person: string, uuid: string): LiveDelivery => ({
  person,
  event: 'message.created',
  data: {
    message_group_uuid: 'a5d3b7c1-0000-4000-8000-000000000001',
    uuid,
    display_name: 'Andrew Brown',
    handle: 'andrewbrown',
    message: 'hi',
    created_at: '2026-11-21T23:07:45.000Z',
  },
});

describe('LiveHub', () => {
  afterEach(() => jest.restoreAllMocks());

  it("subscribes to a person's channel with their first stream only, and is attached once the broker has it", async () => {
    const { hub, subscriptions } = fakeSubscriptions();
    let subscribed!: () => void;
    subscriptions.add.mockImplementationOnce(() => new Promise<undefined>((resolve) => (subscribed = () => resolve(undefined))));
    let attached = false;
    const first = hub.attach(stream(andrew).connection, 10).then((ok) => (attached = ok));
    await Promise.resolve();
    expect(attached).toBe(false);
    subscribed();
    await first;
    expect(attached).toBe(true);
    await expect(hub.attach(stream(andrew).connection, 10)).resolves.toBe(true);
    expect(subscriptions.add.mock.calls).toEqual([[andrew]]);
    expect(hub.streamCount(andrew)).toBe(2);
    expect(hub.totalStreams).toBe(2);
  });

  it("refuses a person's stream beyond the limit, without counting it", async () => {
    const { hub } = fakeSubscriptions();
    await hub.attach(stream(andrew).connection, 2);
    await hub.attach(stream(andrew).connection, 2);
    await expect(hub.attach(stream(andrew).connection, 2)).resolves.toBe(false);
    expect(hub.streamCount(andrew)).toBe(2);
    // The limit is per person: someone else still gets in.
    await expect(hub.attach(stream(bayko).connection, 2)).resolves.toBe(true);
  });

  it("hands each delivery to its own person's streams only, from this instance and from the broker alike", async () => {
    const { hub, fromBroker } = fakeSubscriptions();
    const [phone, laptop, other] = [stream(andrew), stream(andrew), stream(bayko)];
    for (const { connection } of [phone, laptop, other]) await hub.attach(connection, 10);
    hub.deliver([created(andrew, 'm1'), created(bayko, 'm2')]);
    fromBroker([created(andrew, 'm3')]);
    expect(phone.received.map((delivery) => delivery.data)).toMatchObject([{ uuid: 'm1' }, { uuid: 'm3' }]);
    expect(laptop.received).toEqual(phone.received);
    expect(other.received.map((delivery) => delivery.data)).toMatchObject([{ uuid: 'm2' }]);
    // Nobody here for this person: nothing happens.
    expect(() => hub.deliver([created('0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e6c3', 'm4')])).not.toThrow();
  });

  it("unsubscribes once a person's last stream here closes, and stops handing it anything", async () => {
    const { hub, subscriptions } = fakeSubscriptions();
    const [phone, laptop] = [stream(andrew), stream(andrew)];
    await hub.attach(phone.connection, 10);
    await hub.attach(laptop.connection, 10);
    phone.close();
    expect(subscriptions.remove).not.toHaveBeenCalled();
    laptop.close();
    expect(subscriptions.remove.mock.calls).toEqual([[andrew]]);
    expect(hub.streamCount(andrew)).toBe(0);
    hub.deliver([created(andrew, 'm1')]);
    expect(laptop.received).toEqual([]);
  });

  it('lets go of a stream whose subscription failed, and says why', async () => {
    const { hub, subscriptions } = fakeSubscriptions();
    subscriptions.add.mockRejectedValueOnce(new Error('NATS unreachable'));
    await expect(hub.attach(stream(andrew).connection, 1)).rejects.toThrow('NATS unreachable');
    expect(hub.streamCount(andrew)).toBe(0);
    expect(subscriptions.remove.mock.calls).toEqual([[andrew]]);
    // The next stream tries again (its place under the limit is free).
    await expect(hub.attach(stream(andrew).connection, 1)).resolves.toBe(true);
  });

  it('ends every stream before the server closes, then closes the subscriptions (a failure to close is logged, not thrown)', async () => {
    const { hub, subscriptions } = fakeSubscriptions();
    const streams = [stream(andrew), stream(andrew), stream(bayko)];
    for (const { connection } of streams) await hub.attach(connection, 10);
    hub.beforeApplicationShutdown();
    expect(streams.map((each) => each.closedWith)).toEqual([['server_shutdown'], ['server_shutdown'], ['server_shutdown']]);
    expect(hub.totalStreams).toBe(0);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    subscriptions.close.mockRejectedValueOnce(new Error('connection already closed'));
    await expect(hub.onApplicationShutdown()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith('closing live subscriptions: connection already closed');
  });
});
