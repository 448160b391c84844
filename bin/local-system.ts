import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { Transport } from '@nestjs/microservices';
import { pathsConfig, readTransportSecret, usersTransportConfig, usersTransportSecretConfig } from '@app/common';
import { EVENTS_TRANSPORT_SECRET, eventsTransportConfig } from '@app/live-events';
import { cognitoConfig } from '@app/cognito';
import { createDynamoDbClients, ddbConfig, MessagingTable } from '@app/ddb';
import {
  assertPortFree,
  createMessagingTable,
  seedConversation,
  startCognitoLocal,
  startDynamoDbLocal,
  stopChildProcess,
  waitForHttp,
  waitForTcp,
} from '@app/dev-infra';
import { messagesApiConfig } from '../apps/messages-api/src';
import { streamWorkerConfig } from '../apps/stream-worker/src';
import { provisionLocalEventsTransportSecret, provisionLocalUsersTransportSecret, setupDatabaseAndCognito } from '../apps/users/cli';

/** One app of the system as a child process, with its log lines prefixed. */
export interface AppProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
let nextColor = 0;

export function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream): void {
  if (!stream) return;
  const color = COLORS[nextColor++ % COLORS.length];
  const label = `${color}${name.padEnd(13)}\x1b[0m| `;
  createInterface({ input: stream }).on('line', (line) => out.write(`${label}${line}\n`));
}

export type AppName = 'users' | 'stream-worker' | 'messages-api';
export const APP_NAMES: AppName[] = ['users', 'stream-worker', 'messages-api'];

/**
 * Node flags of a built app, the same as its Dockerfile CMD (test/deploy checks that they agree),
 * chosen with `npm run bench` against docs/design.md §7 (RSS after 60 s of load, and messages-api's CPU
 * per request against the floor). V8's defaults cost memory these services do not need:
 * - It grows the young generation to 16 MiB per semi-space (32 MiB of new space, all resident).
 *   users and stream-worker never need more than 2 MiB; messages-api keeps 4 MiB, as 2 MiB cost it
 *   5–7% more CPU per request.
 * - Objects alive across two young-generation GCs move to the old generation. Under load those are
 *   the requests in flight, mostly the AWS SDK's per-command middleware chain (a sampling heap
 *   profile of the objects major GCs freed: ~6 MiB/s at 110 req/s), and V8 lets the old generation
 *   grow to ~3× its live size before a full GC: messages-api's RSS climbed from 160 to 290 MiB and
 *   back, which is no leak (heapUsed after each full GC stayed at ~57 MB) but a saw as tall as
 *   the budget. `--heap-growing-percent=30` starts the next full GC at 1.3× the live size: more
 *   GC work (9% of messages-api's busy time in the README's bench, 4% with the defaults; reads
 *   ~1.2× the floor instead of ~1.1×, within the 1.3× budget). users and stream-worker, with far
 *   fewer requests, use `--optimize-for-size`, which does the same more eagerly and would cost
 *   messages-api ~1.7× the floor.
 * BUILT_APP_ENV (glibc's malloc arenas) holds for all three.
 */
export const BUILT_APP_NODE_FLAGS: Record<AppName, string[]> = {
  users: ['--max-semi-space-size=2', '--optimize-for-size'],
  'stream-worker': ['--max-semi-space-size=2', '--optimize-for-size'],
  'messages-api': ['--max-semi-space-size=4', '--heap-growing-percent=30'],
};

/**
 * Environment of every built app, the same as the Dockerfile's runtime stage (test/deploy checks).
 * glibc gives each thread that allocates (V8's compiler and GC helpers, libuv's pool) its own
 * malloc arena and keeps what was freed there: ~18 MiB of messages-api's RSS under load sat in
 * four such arenas. Two arenas keep 5–7 MiB less per app at no CPU cost `npm run bench` could see.
 */
export const BUILT_APP_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * How to run an app's `npm run build` output (paths relative to the repository): its flags, then
 * its entry point. Each app's build is dist/apps/<app>: its own sources and the libs it imports,
 * laid out as in the repository.
 */
export function builtCommand(name: AppName): string[] {
  return [...BUILT_APP_NODE_FLAGS[name], join('dist', 'apps', name, 'apps', name, 'src', 'main.js')];
}

/**
 * Runs an app from source through @swc-node/register (no build step), or with `built` from
 * `npm run build` output as the containers run it (`node dist/…/main.js`). The child is the app's
 * own node process either way, so its pid is the app's (for /proc readings).
 */
export function startApp(
  root: string,
  name: AppName,
  env: NodeJS.ProcessEnv,
  output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
  built = false,
): AppProcess {
  const entry = built ? builtCommand(name) : ['-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')];
  if (built && !existsSync(join(root, entry.at(-1)!))) throw new Error(`${entry.at(-1)} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: built ? { ...BUILT_APP_ENV, ...env } : env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(name, child.stdout, output.stdout);
  prefixLines(name, child.stderr, output.stderr);
  return { name, child, stop: () => stopChildProcess(child, 8000) };
}

/** The three apps as child processes, each awaited until ready. */
export interface AppFleet {
  /** Running apps by name. */
  apps: Map<AppName, AppProcess>;
  /** Starts an app; resolves once it is ready (users: its TCP port accepts; the others: `/ready` answers 200). */
  start(name: AppName): Promise<void>;
  /** Starts all three, users and stream-worker first. */
  startAll(): Promise<void>;
  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. Resolves once it has exited. */
  stop(name: AppName, signal?: NodeJS.Signals): Promise<void>;
  stopAll(): Promise<void>;
}

/** How the apps are launched: built or from source, and settings for one app only. */
export interface AppLaunchOptions {
  /** Run `npm run build` output (which must exist) instead of the sources. */
  built?: boolean;
  /** Extra environment of one app (e.g. NODE_OPTIONS for a profiler), over the shared one. */
  appEnv?: Partial<Record<AppName, NodeJS.ProcessEnv>>;
}

export function appFleet(
  root: string,
  env: NodeJS.ProcessEnv,
  ports: Record<AppName, number>,
  output?: (name: AppName) => { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  launch: AppLaunchOptions = {},
): AppFleet {
  const apps = new Map<AppName, AppProcess>();
  const readyUrl = (name: AppName) => `http://127.0.0.1:${ports[name]}/ready`;
  const start = async (name: AppName) => {
    const app = startApp(root, name, { ...env, ...launch.appEnv?.[name] }, output?.(name), launch.built);
    apps.set(name, app);
    app.child.once('exit', () => apps.get(name) === app && apps.delete(name));
    const alive = () => apps.get(name) === app;
    if (name === 'users') await waitForTcp(ports.users, 60_000, alive);
    else await waitForHttp(readyUrl(name), 60_000, alive);
  };
  return {
    apps,
    start,
    async startAll() {
      await Promise.all([start('users'), start('stream-worker')]);
      await start('messages-api');
    },
    async stop(name, signal = 'SIGTERM') {
      const app = apps.get(name);
      if (!app) return;
      if (signal === 'SIGTERM') return app.stop();
      const exited = new Promise((done) => app.child.once('exit', done));
      app.child.kill(signal);
      await exited;
    },
    async stopAll() {
      await Promise.all([...apps.values()].map((app) => app.stop()));
    },
  };
}

export interface LocalSystemOptions extends AppLaunchOptions {
  /** Only DynamoDB Local, the Cognito emulator and the data (`npm run infra`). */
  infraOnly?: boolean;
  /** Where the apps' log lines go (prefixed); default this process's stdout/stderr. */
  output?: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
  /** Progress lines of the launcher itself. */
  log?: (line: string) => void;
}

export interface LocalSystem {
  dataDir: string;
  urls: { api: string; worker: string; dynamoDb: string; cognito: string };
  ports: Record<AppName, number>;
  /** Running apps by name. */
  apps: Map<AppName, AppProcess>;
  startApp(name: AppName): Promise<void>;
  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. */
  stopApp(name: AppName, signal?: NodeJS.Signals): Promise<void>;
  /** Stops DynamoDB Local and starts it again on the same port and data (a dependency outage). */
  restartDynamoDb(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The local system as `npm start` runs it: DynamoDB Local and the Cognito emulator with their
 * data under DATA_DIR, every schema and seed loaded idempotently, then the three apps from
 * source (or built: `options.built`). Everything is configured from this process's environment,
 * the same variables the apps read, so the benchmarks and drills can run a second copy on other
 * ports and another DATA_DIR.
 */
export async function startLocalSystem(root: string, options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const log = options.log ?? (() => undefined);
  const ddb = ddbConfig();
  const cognito = cognitoConfig();
  const { dataDir } = pathsConfig();
  if (!ddb.endpoint || !cognito.endpoint) {
    throw new Error('the local system runs everything locally: leave DDB_ENDPOINT and COGNITO_ENDPOINT unset (or local)');
  }
  const ports: Record<AppName, number> = {
    'messages-api': messagesApiPort(),
    users: usersPort(),
    'stream-worker': streamWorkerPort(),
  };
  const ddbPort = Number(new URL(ddb.endpoint).port || 8000);
  const cognitoPort = Number(new URL(cognito.endpoint).port || 9229);
  // Every port is checked before anything starts, so a clash names its port and changes nothing.
  // The events secret first: reading the events config needs it for any transport but `none`.
  provisionLocalEventsTransportSecret(dataDir);
  const eventsPort = eventsTransportConfig().port;
  const needed: Array<[number, string]> = [
    [ddbPort, 'DynamoDB Local'],
    [cognitoPort, 'the Cognito emulator'],
    ...(options.infraOnly ? [] : APP_NAMES.map((name): [number, string] => [ports[name], name])),
    ...(options.infraOnly ? [] : [[eventsPort, "messages-api's internal live-events listener (EVENTS_PORT)"] as [number, string]]),
  ];
  for (const [port, what] of needed) await assertPortFree(port, what, '0.0.0.0');

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    let dynamoDb = await startDynamoDbLocal({ port: ddbPort, dbPath: join(dataDir, 'dynamodb') });
    stops.push(() => dynamoDb.stop());
    const emulator = await startCognitoLocal({ port: cognitoPort, dataDir: join(dataDir, 'cognito') });
    stops.push(() => emulator.stop());
    log(`infra: DynamoDB Local ${dynamoDb.endpoint}, Cognito emulator ${emulator.endpoint}`);

    const clients = createDynamoDbClients(ddb);
    try {
      log(`data: table ${ddb.tableName} ${await createMessagingTable(clients.client, ddb.tableName)}`);
      const seed = await seedConversation(new MessagingTable(clients.doc, ddb.tableName));
      log(`data: seed conversation ${seed.written} written, ${seed.alreadyThere} already there`);
    } finally {
      clients.client.destroy();
    }
    const setup = await setupDatabaseAndCognito(dataDir);
    log(`data: ${setup.database}; Cognito pool ${setup.userPoolId}; ${setup.linked} user(s) linked to Cognito`);
    // The users transport's secret: USERS_TRANSPORT_SECRET if set, else the one generated once under DATA_DIR.
    provisionLocalUsersTransportSecret(dataDir);
    const { secret: usersTransportSecret } = usersTransportSecretConfig();
    // Live events: the worker tells messages-api over the internal TCP listener (no broker), signed
    // with EVENTS_TRANSPORT_SECRET (the variable if set, else the one generated under DATA_DIR).
    const eventsTransportSecret = readTransportSecret(EVENTS_TRANSPORT_SECRET, process.env);

    const urls = {
      api: `http://127.0.0.1:${ports['messages-api']}`,
      worker: `http://127.0.0.1:${ports['stream-worker']}`,
      dynamoDb: dynamoDb.endpoint,
      cognito: emulator.endpoint,
    };
    const fleet = appFleet(
      root,
      {
        EVENTS_TRANSPORT: 'tcp',
        ...process.env,
        USERS_TRANSPORT_SECRET: usersTransportSecret,
        EVENTS_TRANSPORT_SECRET: eventsTransportSecret,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      ports,
      () => options.output ?? process,
      options,
    );
    stops.push(() => fleet.stopAll());
    if (!options.infraOnly) await fleet.startAll();
    return {
      dataDir,
      urls,
      ports,
      apps: fleet.apps,
      startApp: fleet.start,
      stopApp: fleet.stop,
      async restartDynamoDb(downMs = 0) {
        await dynamoDb.stop();
        await delay(downMs);
        dynamoDb = await startDynamoDbLocal({ port: ddbPort, dbPath: join(dataDir, 'dynamodb') });
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function messagesApiPort(): number {
  return messagesApiConfig().port;
}

function usersPort(): number {
  const transport = usersTransportConfig();
  return 'port' in transport.options && transport.transport === Transport.TCP ? transport.options.port : 4568;
}

function streamWorkerPort(): number {
  return streamWorkerConfig().port;
}
