import { randomBytes } from 'node:crypto';
import { SEED_PEOPLE } from '@app/dev-infra';
import { useMessagingStack } from '../helpers/messaging-stack';
import { openSse, type SseStream } from '../helpers/sse-client';
import { waitFor } from '../helpers/wait-for';

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261126;
const ROUNDS = 25;
const SENDS_PER_ROUND = 3;
type Handle = 'andrewbrown' | 'bayko' | 'londo';
const PEOPLE: Handle[] = ['andrewbrown', 'bayko', 'londo'];
const brokered = (process.env.TEST_BROKERS ?? '').split(',').includes('nats');

/**
 * A bounded, seeded soak: 3 people with 2 devices each, devices dropping and resuming at random
 * (and whenever the server ends their stream) while messages flow, several at once, between every
 * pair. Afterwards every device has received, over all its connections, exactly the messages of
 * its person's conversations; no connection got one twice or out of created_at order within a
 * conversation. With NATS on this machine the devices and sends are spread over two instances.
 */
describe(`live events soak (seed ${SEED}, ${brokered ? 'two instances over NATS' : 'one instance'})`, () => {
  const env: Record<string, string> = brokered
    ? {
        EVENTS_TRANSPORT: 'nats',
        EVENTS_CHANNEL_PREFIX: `soak.${randomBytes(6).toString('hex')}.`,
        EVENTS_TRANSPORT_SECRET: randomBytes(32).toString('hex'),
      }
    : {};
  const { stack, tokens } = useMessagingStack({ env });
  const bases: string[] = [];

  beforeAll(async () => {
    bases.push(stack.baseUrl);
    if (brokered) bases.push((await stack.startApi(env)).baseUrl);
  });

  it('gives every device the union of its person’s messages, never twice or out of order on one connection', async () => {
    const random = seeded(SEED);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

    interface Device {
      person: Handle;
      connections: SseStream[];
      lastEventId?: string;
    }
    const devices: Device[] = PEOPLE.flatMap((person) => [0, 1].map(() => ({ person, connections: [] as SseStream[] })));
    const current = (device: Device) => device.connections.at(-1);
    const connect = async (device: Device) => {
      const previous = current(device);
      if (previous) device.lastEventId = previous.lastEventId || device.lastEventId;
      const stream = await openSse(`${pick(bases)}/api/events`, { token: tokens[device.person], lastEventId: device.lastEventId });
      expect(stream.status).toBe(200);
      device.connections.push(stream);
    };
    const drop = (device: Device) => {
      const stream = current(device);
      if (stream && !stream.ended) stream.close();
    };
    for (const device of devices) await connect(device);

    const sent: Array<{ uuid: string; members: Handle[] }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const sends = Array.from({ length: SENDS_PER_ROUND }, async (_, index) => {
        const from = pick(PEOPLE);
        const to = pick(PEOPLE.filter((person) => person !== from));
        const response = await fetch(`${pick(bases)}/api/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[from]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ handle: to, message: `round ${round} #${index} ${from}→${to}` }),
        });
        expect(response.status).toBe(200);
        sent.push({ uuid: ((await response.json()) as { uuid: string }).uuid, members: [from, to] });
      });
      // Devices come and go while the sends are in flight.
      for (const device of devices) {
        const roll = random();
        if (roll < 0.15) drop(device);
        else if (roll < 0.45 && current(device)?.ended) await connect(device);
      }
      await Promise.all(sends);
    }

    // Everyone comes back (resuming where their last connection got to) and catches up.
    for (const device of devices) if (current(device)?.ended) await connect(device);
    for (const device of devices) {
      const expected = new Set(sent.filter((message) => message.members.includes(device.person)).map((message) => message.uuid));
      const received = () =>
        new Set(
          device.connections.flatMap((stream) =>
            stream.events.filter((event) => event.event === 'message.created').map((event) => event.data.uuid as string),
          ),
        );
      await waitFor(
        async () => {
          // A stream the server ended (a straggler) is resumed, as a browser would.
          if (current(device)!.ended) await connect(device);
          return [...expected].every((uuid) => received().has(uuid));
        },
        { timeoutMs: 20_000 },
      );
      expect([...received()].sort()).toEqual([...expected].sort());

      for (const stream of device.connections) {
        const created = stream.events.filter((event) => event.event === 'message.created');
        expect(new Set(created.map((event) => event.data.uuid)).size).toBe(created.length);
        const lastInConversation = new Map<string, string>();
        for (const { data } of created) {
          const position = `${data.created_at}#${data.uuid}`;
          expect(position > (lastInConversation.get(data.message_group_uuid) ?? '')).toBe(true);
          lastInConversation.set(data.message_group_uuid, position);
        }
        // Nothing of anyone else's conversations.
        const mine = SEED_PEOPLE[device.person].handle;
        for (const event of stream.events.filter((candidate) => candidate.event === 'message_group.updated'))
          expect(event.data.handle).not.toBe(mine);
      }
    }
    for (const device of devices) drop(device);
    expect(sent).toHaveLength(ROUNDS * SENDS_PER_ROUND);
    // The run did resume devices (many times), not just keep six streams open.
    expect(devices.reduce((total, device) => total + device.connections.length, 0)).toBeGreaterThan(devices.length * 2);
  });
});
