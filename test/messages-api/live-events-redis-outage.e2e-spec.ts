import { randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createLiveEventPublisher, createLiveSubscriptions, type EventsTransportOptions, type LiveDelivery } from '@app/live-events';
import { findFreePort } from '@app/dev-infra';
import { waitFor } from '../helpers/wait-for';

const haveRedis = (process.env.TEST_BROKERS ?? '').split(',').includes('redis');
if (!haveRedis) console.warn('live events, Redis down at first use: not tested, nothing listens on 6379 on this machine');

/** A TCP door to the real Redis that can be opened later, on a port fixed in advance. */
function redisDoor(port: number) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(6379, '127.0.0.1');
          for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('error', () => socket.destroy());
            socket.on('close', () => sockets.delete(socket));
          }
          client.pipe(upstream).pipe(client);
        }).listen(port, '127.0.0.1', resolve);
      }),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

/**
 * Redis unreachable the first time an instance needs it (a restart, a network blip) must not
 * disable live events on that instance for good: the next stream and the next publish connect.
 */
(haveRedis ? describe : describe.skip)('live events over Redis when Redis is down at first use', () => {
  it('connects on the next subscription and publish once Redis answers', async () => {
    const port = await findFreePort();
    const door = redisDoor(port);
    const options: EventsTransportOptions = {
      client: { transport: 'redis', redis: { host: '127.0.0.1', port }, secret: randomBytes(32).toString('hex') },
      port: 0,
      channelPrefix: `test:${randomUUID()}:`,
      emitTimeoutMs: 2000,
    };
    const heard: LiveDelivery[] = [];
    const subscriptions = createLiveSubscriptions(options, (deliveries) => heard.push(...deliveries));
    const publisher = createLiveEventPublisher(options)!;
    const person = randomUUID();
    const delivery: LiveDelivery = {
      person,
      event: 'message_group.read',
      data: { message_group_uuid: randomUUID(), handle: 'bayko', read_up_to: null },
    };
    try {
      await expect(subscriptions.add(person)).rejects.toThrow();
      await expect(publisher.publish([delivery])).rejects.toThrow();

      await door.open();
      await subscriptions.add(person);
      await publisher.publish([delivery]);

      expect(await waitFor(async () => heard.length > 0 && heard)).toEqual([delivery]);
    } finally {
      await Promise.all([subscriptions.close(), publisher.close()]);
      await door.close();
    }
  });
});
