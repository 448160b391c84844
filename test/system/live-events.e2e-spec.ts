import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { LIVE_DELIVER_PATTERN } from '@app/live-events';
import { SEED_PEOPLE } from '@app/dev-infra';
import { openSse, type SseStream } from '../helpers/sse-client';
import { type System, startSystem } from '../helpers/system';

/**
 * Live events as `npm start` runs them: three processes, no broker; the stream-worker tells
 * messages-api over its internal TCP listener (EVENTS_TRANSPORT=tcp), signed with the shared secret.
 */
describe('live events from the stream-worker, over the internal transport', () => {
  let system: System;
  let bayko: string;
  let andrew: string;
  const streams: SseStream[] = [];
  const open = async (token: string) => {
    const stream = await openSse(`${system.baseUrl}/api/events`, { token });
    expect(stream.status).toBe(200);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    // The send path's own summary move is off: every message_group.updated here comes from the worker.
    system = await startSystem({ SEND_MOVES_SUMMARIES: 'false' });
    [andrew, bayko] = await Promise.all([system.token('andrewbrown'), system.token('bayko')]);
  }, 120_000);
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(() => system?.stop());

  it('brings a message no instance published (written straight into the table) to both members, and their moved list items', async () => {
    const [forBayko, forAndrew] = await Promise.all([open(bayko), open(andrew)]);
    const andrewbrown = SEED_PEOPLE.andrewbrown;
    const message = await system.db.table.putMessage({
      messageGroupUuid: system.seededGroup,
      sender: { uuid: andrewbrown.uuid, handle: andrewbrown.handle, displayName: andrewbrown.displayName },
      message: 'only the stream saw this one',
    });
    const created = await forBayko.next((event) => event.event === 'message.created' && event.data.uuid === message.messageUuid, 20_000);
    expect(created.data).toEqual({
      message_group_uuid: system.seededGroup,
      uuid: message.messageUuid,
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'only the stream saw this one',
      created_at: message.createdAt,
    });
    await forAndrew.next((event) => event.event === 'message.created' && event.data.uuid === message.messageUuid);
    const [baykoItem, andrewItem] = await Promise.all([
      forBayko.next((event) => event.event === 'message_group.updated' && event.data.created_at === message.createdAt),
      forAndrew.next((event) => event.event === 'message_group.updated' && event.data.created_at === message.createdAt),
    ]);
    expect(baykoItem.data).toEqual({
      uuid: system.seededGroup,
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'only the stream saw this one',
      created_at: message.createdAt,
      unread_count: expect.any(Number),
    });
    expect(baykoItem.data.unread_count).toBeGreaterThan(0);
    // The sender has read up to their own message.
    expect(andrewItem.data).toMatchObject({ uuid: system.seededGroup, handle: 'bayko', unread_count: 0 });
  });

  it('ignores a packet on the internal port without the shared secret', async () => {
    const stream = await open(bayko);
    const env = system.env();
    const intruder = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: Number(env.EVENTS_PORT) } });
    const forged = {
      message_group_uuid: system.seededGroup,
      uuid: '00000000-0000-4000-8000-0000000000ff',
      display_name: 'Mallory',
      handle: 'andrewbrown',
      message: 'forged',
      created_at: new Date().toISOString(),
    };
    await firstValueFrom(
      intruder.emit(LIVE_DELIVER_PATTERN, { deliveries: [{ person: SEED_PEOPLE.bayko.uuid, event: 'message.created', data: forged }] }),
      { defaultValue: undefined },
    );
    await intruder.close();
    // A real message sent afterwards arrives; the forged one never did.
    const response = await fetch(`${system.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${andrew}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'real', message_group_uuid: system.seededGroup }),
    });
    const sent = (await response.json()) as { uuid: string };
    await stream.next((event) => event.data.uuid === sent.uuid);
    expect(stream.events.filter((event) => event.data.uuid === forged.uuid)).toEqual([]);
  });
});
