/**
 * `npm run bench:live`: docs/design.md §7's live-events budget, on a private copy of the system (as
 * `npm run bench` runs it; apps from source). For each set-up (one instance without a broker, as
 * `npm start`; two instances over NATS; two over Redis):
 *   - BENCH_LIVE_STREAMS idle streams (londo's) held open on instance A, and A's RSS before and after
 *     (KiB per idle stream);
 *   - andrewbrown → bayko at BENCH_LIVE_RATE messages/s through A for BENCH_LIVE_SECONDS, bayko's stream
 *     on A (one instance) or on B (two), timing each message from its created_at (stamped by the
 *     server just before the write: an upper bound of commit → stream) and from the request's start;
 *   - the same rate of `message.created` published straight into the transport each set-up uses (the
 *     internal TCP listener, as the stream-worker does; or the broker, as another instance does),
 *     timed from the publish: the fan-out path alone, without DynamoDB Local's write time, which on
 *     a shared two-core machine dominates the first figure.
 * Results go to bench/results/<date>-live.json and .md. A benchmark, not a test: budgets are reported.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ClientRequest, get, type IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { createLiveEventPublisher, eventsTransportConfig } from '@app/live-events';
import { type AppProcess, findFreePort, runCommand, startApp, waitForHttp } from '@app/dev-infra';
import { seedPersonToken } from '../apps/users/cli';
import { liveBenchConfig } from './bench.config';
import { BUDGETS } from './budgets';
import { ROOT, startPrivateSystem } from './local-run';

type Mode = 'one' | 'nats' | 'redis';
const now = () => performance.timeOrigin + performance.now();

function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

/** Opens a stream with node:http (lighter than fetch for a thousand of them); `onEvent` gets each message.created uuid. */
function openStream(
  baseUrl: string,
  token: string,
  onEvent?: (uuid: string, at: number) => void,
  resume?: { lastEventId?: string; onEnd?: (lastEventId: string | undefined) => void },
): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (resume?.lastEventId) headers['last-event-id'] = resume.lastEventId;
    const request = get(`${baseUrl}/api/events`, { headers }, (response: IncomingMessage) => {
      if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
      resolve(request);
      if (!onEvent) return response.resume();
      let buffer = '';
      let lastEventId = resume?.lastEventId;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const at = now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          lastEventId = /^id: (.*)$/m.exec(block)?.[1] ?? lastEventId;
          if (!block.includes('event: message.created')) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) onEvent((JSON.parse(data) as { uuid: string }).uuid, at);
        }
      });
      // The server may end a stream (a straggler, a slow reader): resume, as a browser would.
      response.on('end', () => resume?.onEnd?.(lastEventId));
    });
    request.on('error', reject);
  });
}

/**
 * bayko's stream on `baseUrl`, resumed with its Last-Event-ID whenever the server ends it; counts the
 * resumes. Messages that come through a resume count with their (later) arrival time.
 */
function measuringStream(baseUrl: string, token: string, arrivals: Map<string, number>) {
  const state = { resumes: 0, current: undefined as ClientRequest | undefined, stopped: false };
  const record = (uuid: string, at: number) => {
    if (!arrivals.has(uuid)) arrivals.set(uuid, at);
  };
  const open = async (lastEventId?: string): Promise<void> => {
    state.current = await openStream(baseUrl, token, record, {
      lastEventId,
      onEnd: (last) => {
        if (state.stopped) return;
        state.resumes += 1;
        void open(last);
      },
    });
  };
  return {
    state,
    start: () => open(),
    stop: () => {
      state.stopped = true;
      state.current?.destroy();
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

interface ModeResult {
  mode: Mode;
  idleStreams: number;
  idleStreamKiB: number;
  sent: number;
  /** Sends refused (503 etc.): not messages, so not expected on the stream. */
  refused: number;
  delivered: number;
  fromCreatedAt: { p50: number; p99: number; max: number };
  fromRequestStart: { p50: number; p99: number };
  postRoundTrip: { p50: number; p99: number };
  /** Published into the transport → the stream: the fan-out path alone. */
  fanOut: { delivered: number; sent: number; p50: number; p99: number; max: number };
  /** Times the server ended bayko's stream (stragglers, a slow reader) and it resumed. */
  resumes: number;
}

async function runMode(mode: Mode, settings: ReturnType<typeof liveBenchConfig>): Promise<ModeResult> {
  const env: Record<string, string> = {
    RATE_LIMIT_SENDS_BURST: '0',
    RATE_LIMIT_INBOUND_BURST: '0',
    RATE_LIMIT_EDITS_BURST: '0',
    RATE_LIMIT_DELETES_BURST: '0',
    RATE_LIMIT_PROFILE_BURST: '0',
    RATE_LIMIT_READS_BURST: '0',
    LIVE_MAX_STREAMS_PER_PERSON: String(settings.streams + 10),
    EVENTS_TRANSPORT: mode === 'one' ? 'tcp' : mode,
    EVENTS_PORT: String(await findFreePort()),
    EVENTS_CHANNEL_PREFIX: `bench.${randomBytes(4).toString('hex')}.`,
  };
  const { system, logs, cleanup } = await startPrivateSystem(env);
  let second: AppProcess | undefined;
  const idle: ClientRequest[] = [];
  let measuring: ReturnType<typeof measuringStream> | undefined;
  try {
    const apiA = system.urls.api;
    const pidA = system.apps.get('messages-api')!.child.pid!;
    let apiB = apiA;
    if (mode !== 'one') {
      const port = await findFreePort();
      second = startApp(
        ROOT,
        'messages-api',
        { ...process.env, MESSAGES_API_PORT: String(port), MESSAGES_API_HOST: '127.0.0.1' },
        { stdout: process.stderr, stderr: process.stderr },
      );
      apiB = `http://127.0.0.1:${port}`;
      await waitForHttp(`${apiB}/ready`, 60_000, () => second!.child.exitCode === null);
    }
    const [andrew, bayko, londo] = [await seedPersonToken('andrewbrown'), await seedPersonToken('bayko'), await seedPersonToken('londo')];
    const post = async (body: object) => {
      const response = await fetch(`${apiA}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${andrew}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 200) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { uuid: string; created_at: string; message_group_uuid: string };
    };

    const arrivals = new Map<string, number>();
    measuring = measuringStream(apiB, bayko, arrivals);
    await measuring.start();
    const { message_group_uuid: group } = await post({ handle: 'bayko', message: 'warm-up' });
    for (let i = 0; i < 20; i++) await post({ message_group_uuid: group, message: `warm-up ${i}` });

    await delay(2000);
    const before = rssKiB(pidA);
    for (let i = 0; i < settings.streams; i++) idle.push(await openStream(apiA, londo));
    await delay(3000);
    const idleStreamKiB = settings.streams ? (rssKiB(pidA) - before) / settings.streams : NaN;

    const total = settings.rate * settings.seconds;
    const sends: Array<Promise<{ uuid: string; createdAt: number; started: number; answered: number } | null>> = [];
    const start = now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / settings.rate;
      const wait = due - now();
      if (wait > 1) await delay(wait);
      const started = now();
      sends.push(
        post({ message_group_uuid: group, message: `bench ${i}` }).then(
          (sent) => ({ uuid: sent.uuid, createdAt: Date.parse(sent.created_at), started, answered: now() }),
          // A refused send (DynamoDB Local overloaded on a shared machine) is counted, not timed.
          () => null,
        ),
      );
    }
    const answers = await Promise.all(sends);
    const results = answers.filter((answer) => answer !== null);
    const deadline = now() + 10_000;
    while (results.some((result) => !arrivals.has(result.uuid)) && now() < deadline) await delay(50);

    const fanOut = await publishDirectly(settings, arrivals);
    const delivered = results.filter((result) => arrivals.has(result.uuid));
    const sorted = (values: number[]) => values.sort((a, b) => a - b);
    const fromCreatedAt = sorted(delivered.map((result) => arrivals.get(result.uuid)! - result.createdAt));
    const fromRequestStart = sorted(delivered.map((result) => arrivals.get(result.uuid)! - result.started));
    const roundTrips = sorted(results.map((result) => result.answered - result.started));
    return {
      mode,
      idleStreams: settings.streams,
      idleStreamKiB,
      sent: results.length,
      refused: total - results.length,
      delivered: delivered.length,
      fromCreatedAt: { p50: percentile(fromCreatedAt, 50), p99: percentile(fromCreatedAt, 99), max: fromCreatedAt.at(-1) ?? NaN },
      fromRequestStart: { p50: percentile(fromRequestStart, 50), p99: percentile(fromRequestStart, 99) },
      postRoundTrip: { p50: percentile(roundTrips, 50), p99: percentile(roundTrips, 99) },
      fanOut,
      resumes: measuring.state.resumes,
    };
  } catch (error) {
    process.stderr.write(logs());
    throw error;
  } finally {
    for (const request of idle) request.destroy();
    measuring?.stop();
    await second?.stop();
    await cleanup();
  }
}

/**
 * `message.created` to bayko at the bench's rate, published the way the stream-worker (tcp) or another
 * instance (nats, redis) does, signed with the system's EVENTS_TRANSPORT_SECRET; timed to arrival.
 */
async function publishDirectly(settings: ReturnType<typeof liveBenchConfig>, arrivals: Map<string, number>): Promise<ModeResult['fanOut']> {
  const transport = eventsTransportConfig();
  const publisher = createLiveEventPublisher(transport)!;
  const person = (await (await fetch(`http://127.0.0.1:${process.env.MESSAGES_API_PORT}/api/users/@bayko/short`)).json()) as {
    uuid: string;
  };
  const total = settings.rate * settings.seconds;
  const published = new Map<string, number>();
  const start = now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / settings.rate;
    const wait = due - now();
    if (wait > 1) await delay(wait);
    const uuid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    published.set(uuid, now());
    const data = {
      message_group_uuid: '00000000-0000-4000-8000-000000000000',
      uuid,
      display_name: 'Bench',
      handle: 'bench',
      message: `fan-out ${i}`,
      created_at: new Date().toISOString(),
    };
    void publisher.publish([{ person: person.uuid, event: 'message.created', data }]).catch(() => undefined);
  }
  const deadline = now() + 10_000;
  while ([...published.keys()].some((uuid) => !arrivals.has(uuid)) && now() < deadline) await delay(50);
  await publisher.close();
  const latencies = [...published]
    .filter(([uuid]) => arrivals.has(uuid))
    .map(([uuid, at]) => arrivals.get(uuid)! - at)
    .sort((a, b) => a - b);
  return {
    delivered: latencies.length,
    sent: total,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
  };
}

function report(results: ModeResult[], settings: ReturnType<typeof liveBenchConfig>): string {
  const verdict = (ok: boolean) => (ok ? 'pass' : '**fail**');
  const label = { one: 'one instance (no broker, as npm start)', nats: 'two instances over NATS', redis: 'two instances over Redis' };
  const lines = [
    `Live events, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; apps from source;`,
    `${settings.rate} messages/s for ${settings.seconds} s (andrewbrown → bayko, through instance A), ${settings.streams} idle streams (londo's) open on A.`,
    '',
    '| set-up | delivered (refused sends) | stream resumes | created_at → stream p50 / p99 / max ms | request start → stream p50 / p99 ms | POST p50 / p99 ms | budget | |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const budget =
      result.mode === 'one'
        ? `p50 ≤ ${BUDGETS.live.oneInstanceP50Ms}, p99 ≤ ${BUDGETS.live.oneInstanceP99Ms}`
        : `p99 ≤ ${BUDGETS.live.acrossInstancesP99Ms}`;
    const ok =
      result.delivered === result.sent &&
      (result.mode === 'one'
        ? result.fromCreatedAt.p50 <= BUDGETS.live.oneInstanceP50Ms && result.fromCreatedAt.p99 <= BUDGETS.live.oneInstanceP99Ms
        : result.fromCreatedAt.p99 <= BUDGETS.live.acrossInstancesP99Ms);
    const ms = (value: number) => value.toFixed(1);
    lines.push(
      `| ${label[result.mode]} | ${result.delivered}/${result.sent} (${result.refused}) | ${result.resumes} | ${ms(result.fromCreatedAt.p50)} / ${ms(result.fromCreatedAt.p99)} / ${ms(result.fromCreatedAt.max)} | ` +
        `${ms(result.fromRequestStart.p50)} / ${ms(result.fromRequestStart.p99)} | ${ms(result.postRoundTrip.p50)} / ${ms(result.postRoundTrip.p99)} | ${budget} | ${verdict(ok)} |`,
    );
  }
  lines.push(
    '',
    'The fan-out path alone (published into the transport as the stream-worker or another instance does → the stream), same rate:',
    '',
    '| set-up | delivered | publish → stream p50 / p99 / max ms | budget | |',
    '|---|---|---|---|---|',
  );
  for (const result of results) {
    const { fanOut } = result;
    const ok =
      fanOut.delivered === fanOut.sent &&
      (result.mode === 'one'
        ? fanOut.p50 <= BUDGETS.live.oneInstanceP50Ms && fanOut.p99 <= BUDGETS.live.oneInstanceP99Ms
        : fanOut.p99 <= BUDGETS.live.acrossInstancesP99Ms);
    const budget =
      result.mode === 'one'
        ? `p50 ≤ ${BUDGETS.live.oneInstanceP50Ms}, p99 ≤ ${BUDGETS.live.oneInstanceP99Ms}`
        : `p99 ≤ ${BUDGETS.live.acrossInstancesP99Ms}`;
    lines.push(
      `| ${label[result.mode]}${result.mode === 'one' ? ' (the worker’s internal TCP)' : ''} | ${fanOut.delivered}/${fanOut.sent} | ${fanOut.p50.toFixed(1)} / ${fanOut.p99.toFixed(1)} / ${fanOut.max.toFixed(1)} | ${budget} | ${verdict(ok)} |`,
    );
  }
  lines.push('', '| set-up | RSS per idle stream (instance A) | budget | |', '|---|---|---|---|');
  for (const result of results) {
    lines.push(
      `| ${label[result.mode]} | ${result.idleStreamKiB.toFixed(1)} KiB | ≤ ${BUDGETS.live.idleStreamKiB} KiB | ${verdict(result.idleStreamKiB <= BUDGETS.live.idleStreamKiB)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const settings = liveBenchConfig();
  const results: ModeResult[] = [];
  for (const mode of settings.modes) {
    process.stdout.write(`bench:live: ${mode}…\n`);
    results.push(await runMode(mode, settings));
  }
  const markdown = report(results, settings);
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${stamp}-live.json`), `${JSON.stringify({ settings, results }, null, 2)}\n`);
  writeFileSync(join(dir, `${stamp}-live.md`), `${markdown}\n`);
  process.stdout.write(`\n${markdown}\n`);
}

runCommand('bench:live failed', main, { stack: true });
