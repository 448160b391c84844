import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { SEED_PEOPLE, type SeedHandle } from '@app/common';
import { cognitoConfig, createCognitoClient, DEVELOPMENT_PASSWORD, signIn } from '@app/cognito';
import { findFreePort } from '@app/ddb';
import { setupDatabaseAndCognito } from '../../apps/users/cli/setup';
import { type AppProcess, startApp, waitForHttp } from '../../bin/local-system';
import { seedConversation } from '../../libs/ddb/cli/seed';
import { startTestCognito, type TestCognito } from './cognito';
import { createTestDatabase, databaseKinds, type TestDatabase } from './databases';
import { createTestTable, type TestTable } from './ddb';

const ROOT = join(__dirname, '..', '..');
type AppName = 'users' | 'messages-api' | 'stream-worker';

export interface System {
  baseUrl: string;
  workerUrl: string;
  db: TestTable;
  seededGroup: string;
  token(handle: SeedHandle): Promise<string>;
  /** Restarts an app (after `kill`) with the same environment. */
  start(name: AppName): Promise<void>;
  kill(name: AppName, signal?: NodeJS.Signals): Promise<void>;
  /** The last lines an app printed, for failure messages. */
  logs(name: AppName): string;
  stop(): Promise<void>;
}

/**
 * The three apps as separate processes, started the way `npm start` starts them (from source,
 * configured only through the environment), on free ports, against this run's DynamoDB Local,
 * a fresh table, a fresh database and a Cognito emulator of their own; data set up by the same
 * code `npm start` runs.
 */
export async function startSystem(extraEnv: Record<string, string> = {}): Promise<System> {
  const [cognito, database, db]: [TestCognito, TestDatabase, TestTable] = await Promise.all([
    startTestCognito(),
    createTestDatabase(databaseKinds().at(-1)!),
    createTestTable(),
  ]);
  const [apiPort, usersPort, workerPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COGNITO_ENDPOINT: cognito.emulator.endpoint,
    DATA_DIR: database.dataDir,
    DDB_TABLE_NAME: db.tableName,
    MESSAGES_API_HOST: '127.0.0.1',
    MESSAGES_API_PORT: String(apiPort),
    USERS_HOST: '127.0.0.1',
    USERS_PORT: String(usersPort),
    STREAM_WORKER_HOST: '127.0.0.1',
    STREAM_WORKER_PORT: String(workerPort),
    STREAM_LEASE_DURATION_MS: '3000',
    STREAM_SHARD_SYNC_INTERVAL_MS: '1000',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...extraEnv,
  };
  if (!database.url) delete env.DATABASE_URL;

  // The data, as npm start loads it (its config comes from the same variables).
  const saved = process.env;
  process.env = env;
  try {
    const setup = await setupDatabaseAndCognito(database.dataDir);
    expect(setup.linked).toBe(3);
  } finally {
    process.env = saved;
  }
  const { messageGroupUuid: seededGroup } = await seedConversation(db.table);
  const clientId = (() => {
    process.env = env;
    try {
      return cognitoConfig().clientId!;
    } finally {
      process.env = saved;
    }
  })();

  const apps = new Map<AppName, AppProcess>();
  const logs = new Map<AppName, string[]>();
  const sink = (name: AppName) => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      const lines = logs.get(name) ?? [];
      lines.push(chunk.toString());
      logs.set(name, lines.slice(-200));
    });
    return stream;
  };
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  const readiness: Record<AppName, () => Promise<void>> = {
    users: async () => undefined,
    'stream-worker': () => waitForHttp(`${workerUrl}/ready`, 60_000, () => apps.has('stream-worker')),
    'messages-api': () => waitForHttp(`${baseUrl}/ready`, 60_000, () => apps.has('messages-api')),
  };
  const start = async (name: AppName) => {
    const out = sink(name);
    const app = startApp(ROOT, name, env, { stdout: out, stderr: out });
    apps.set(name, app);
    app.child.once('exit', () => apps.get(name) === app && apps.delete(name));
    await readiness[name]();
  };
  const cognitoClient = createCognitoClient({ endpoint: cognito.emulator.endpoint, region: 'us-east-1' });

  await Promise.all([start('users'), start('stream-worker')]);
  await start('messages-api');

  return {
    baseUrl,
    workerUrl,
    db,
    seededGroup,
    token: (handle) => signIn(cognitoClient, clientId, SEED_PEOPLE[handle].email, DEVELOPMENT_PASSWORD),
    start,
    async kill(name, signal = 'SIGTERM') {
      const app = apps.get(name);
      if (!app) return;
      const exited = new Promise((done) => app.child.once('exit', done));
      if (signal === 'SIGTERM') await app.stop();
      else app.child.kill(signal);
      await exited;
      apps.delete(name);
    },
    logs: (name) => (logs.get(name) ?? []).join('').slice(-4000),
    async stop() {
      await Promise.all([...apps.values()].map((app) => app.stop()));
      cognitoClient.destroy();
      await Promise.all([cognito.stop(), database.drop(), db.drop()]);
    },
  };
}
