import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type AppProcess, findFreePort, startApp, waitForHttp } from '@app/dev-infra';
import { type MessagingStack, startMessagingStack } from '../helpers/messaging-stack';
import { openSse, type SseStream } from '../helpers/sse-client';
import { killAllWorkers, startWorker, type WorkerProcess } from '../helpers/stream-worker';

const ROOT = join(__dirname, '..', '..');
/** Preloads test/helpers/sigkill-after-message-stored.ts into an instance: it dies right after storing a message, before publishing it. */
const SIGKILL_AFTER_MESSAGE_STORED = [
  process.env.NODE_OPTIONS ?? '',
  '--require @swc-node/register',
  `--require ${JSON.stringify(join(__dirname, '..', 'helpers', 'sigkill-after-message-stored.ts'))}`,
].join(' ');
const available = (process.env.TEST_BROKERS ?? '').split(',').filter(Boolean);
const brokers = (['nats', 'redis'] as const).filter((broker) => {
  if (available.includes(broker)) return true;
  // Printed, not silent: CI and this machine run both (docs/design.md §11).
  console.warn(`live events over ${broker}: not tested, nothing listens on its port on this machine`);
  return false;
});

/**
 * Several messages-api instances behind one broker (EVENTS_TRANSPORT=nats|redis): a person on
 * instance B hears a message accepted by instance A; and if A dies right after storing a message,
 * before publishing it, the stream-worker's view of the MSG insert still brings it, once.
 */
describe.each(brokers)('live events across instances over %s', (broker) => {
  let stack: MessagingStack;
  let other: Awaited<ReturnType<MessagingStack['startApi']>>;
  let eventsEnv: Record<string, string>;
  let tokens: Record<'andrewbrown' | 'bayko', string>;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    // A prefix of their own, so parallel test files (and runs) sharing the broker never cross.
    eventsEnv = {
      EVENTS_TRANSPORT: broker,
      EVENTS_CHANNEL_PREFIX: `test.${randomBytes(6).toString('hex')}.`,
      EVENTS_TRANSPORT_SECRET: randomBytes(32).toString('hex'),
    };
    stack = await startMessagingStack(eventsEnv);
    other = await stack.startApi(eventsEnv);
    const [andrewbrown, bayko] = await Promise.all([stack.token('andrewbrown'), stack.token('bayko')]);
    tokens = { andrewbrown, bayko };
  });
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(async () => {
    await killAllWorkers();
    await stack.stop();
  });

  const open = async (baseUrl: string, token: string) => {
    const stream = await openSse(`${baseUrl}/api/events`, { token });
    expect(stream.status).toBe(200);
    streams.push(stream);
    return stream;
  };

  it('brings a message accepted by one instance to streams on the other (and on the same one)', async () => {
    const [onOther, onSame] = await Promise.all([open(other.baseUrl, tokens.bayko), open(stack.baseUrl, tokens.bayko)]);
    const { status, body: sent } = await stack.request('/api/messages', {
      token: tokens.andrewbrown,
      body: { handle: 'bayko', message: `over ${broker}` },
    });
    expect(status).toBe(200);
    expect((await onOther.next((event) => event.event === 'message.created' && event.data.uuid === sent.uuid)).data).toEqual(sent);
    await onSame.next((event) => event.event === 'message.created' && event.data.uuid === sent.uuid);
    await onOther.next((event) => event.event === 'message_group.updated' && event.data.uuid === sent.message_group_uuid);
  });

  it('ignores a broker message without the shared secret', async () => {
    const stream = await open(other.baseUrl, tokens.bayko);
    const { createLiveEventPublisher } = await import('@app/live-events');
    const forged = createLiveEventPublisher({
      client:
        broker === 'nats'
          ? { transport: 'nats', servers: ['nats://127.0.0.1:4222'], secret: 'w'.repeat(64) }
          : { transport: 'redis', redis: { host: '127.0.0.1', port: 6379 }, secret: 'w'.repeat(64) },
      channelPrefix: eventsEnv.EVENTS_CHANNEL_PREFIX,
      emitTimeoutMs: 1000,
      port: 0,
    })!;
    const bayko = (await stack.request('/api/users/@bayko/short')).body.uuid as string;
    const fake = {
      message_group_uuid: '00000000-0000-4000-8000-000000000000',
      uuid: '00000000-0000-4000-8000-000000000001',
      display_name: 'Mallory',
      handle: 'mallory',
      message: 'forged',
      created_at: new Date().toISOString(),
    };
    await forged.publish([{ person: bayko, event: 'message.created', data: fake }]);
    await forged.close();
    // A real message sent after the forged one arrives; the forged one never does.
    const { body: sent } = await stack.request('/api/messages', { token: tokens.andrewbrown, body: { handle: 'bayko', message: 'real' } });
    await stream.next((event) => event.data.uuid === sent.uuid);
    expect(stream.events.filter((event) => event.data.uuid === fake.uuid)).toEqual([]);
  });

  it('delivers, once, a message whose instance was SIGKILLed after storing it and before publishing (via the stream-worker)', async () => {
    let worker: WorkerProcess | undefined;
    let doomed: AppProcess | undefined;
    try {
      worker = await startWorker(stack.db.tableName, `live-${broker}`, eventsEnv);
      const port = await findFreePort();
      doomed = startApp(
        ROOT,
        'messages-api',
        {
          ...process.env,
          ...eventsEnv,
          MESSAGES_API_HOST: '127.0.0.1',
          MESSAGES_API_PORT: String(port),
          NODE_OPTIONS: SIGKILL_AFTER_MESSAGE_STORED,
          LOG_LEVEL: 'warn',
        },
        { stdout: process.stderr, stderr: process.stderr },
      );
      const exited = new Promise((done) => doomed!.child.once('exit', (_code, signal) => done(signal)));
      await waitForHttp(`http://127.0.0.1:${port}/ready`, 60_000, () => doomed!.child.exitCode === null);
      const stream = await open(other.baseUrl, tokens.bayko);

      const crashed = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.andrewbrown}`, 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'bayko', message: 'stored, then the instance died' }),
      }).then(
        (response) => response.status,
        () => 'no answer',
      );
      expect(crashed).toBe('no answer');
      expect(await exited).toBe('SIGKILL');

      const received = await stream.next(
        (event) => event.event === 'message.created' && event.data.message === 'stored, then the instance died',
        20_000,
      );
      expect(received.data).toMatchObject({ handle: 'andrewbrown', display_name: 'Andrew Brown' });
      // A later message through a live instance comes after it; the crashed one has come exactly once.
      const { body: later } = await other.request('/api/messages', {
        token: tokens.andrewbrown,
        body: { handle: 'bayko', message: 'after the crash' },
      });
      await stream.next((event) => event.data.uuid === later.uuid);
      expect(stream.events.filter((event) => event.event === 'message.created' && event.data.uuid === received.data.uuid)).toHaveLength(1);
    } finally {
      await doomed?.stop();
      await worker?.kill();
    }
  });
});
