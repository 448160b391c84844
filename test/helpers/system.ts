import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { cognitoConfig } from '@app/cognito';
import { createCognitoClient, signIn } from '@app/cognito-api';
import { type AppName, appFleet, DEVELOPMENT_PASSWORD, findFreePort, SEED_PEOPLE, seedConversation, type SeedHandle } from '@app/dev-infra';
import { setupDatabaseAndCognito } from '../../apps/users/cli/setup';
import { startTestCognito, type TestCognito } from './cognito';
import { createTestDatabase, databaseKinds, type TestDatabase } from './databases';
import { createTestTable, type TestTable } from './ddb';
import { aTransportSecret } from './users-transport';

const ROOT = join(__dirname, '..', '..');

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
  /** The environment the apps run with (ports, secrets), e.g. to start another instance. */
  env(): NodeJS.ProcessEnv;
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
  const [apiPort, usersPort, workerPort, eventsPort] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COGNITO_ENDPOINT: cognito.emulator.endpoint,
    DATA_DIR: database.dataDir,
    DDB_TABLE_NAME: db.tableName,
    MESSAGES_API_HOST: '127.0.0.1',
    MESSAGES_API_PORT: String(apiPort),
    USERS_HOST: '127.0.0.1',
    USERS_PORT: String(usersPort),
    USERS_TRANSPORT_SECRET: aTransportSecret(),
    // Live events as `npm start` runs them: the worker → messages-api's internal listener, signed.
    EVENTS_TRANSPORT: 'tcp',
    EVENTS_HOST: '127.0.0.1',
    EVENTS_PORT: String(eventsPort),
    EVENTS_TRANSPORT_SECRET: aTransportSecret(),
    STREAM_WORKER_HOST: '127.0.0.1',
    STREAM_WORKER_PORT: String(workerPort),
    STREAM_LEASE_DURATION_MS: '3000',
    STREAM_SHARD_SYNC_INTERVAL_MS: '1000',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // These tests send bursts of dozens of messages as one person; rate limits have their own tests.
    RATE_LIMIT_SENDS_BURST: '0',
    RATE_LIMIT_INBOUND_BURST: '0',
    RATE_LIMIT_EDITS_BURST: '0',
    RATE_LIMIT_DELETES_BURST: '0',
    RATE_LIMIT_PROFILE_BURST: '0',
    RATE_LIMIT_READS_BURST: '0',
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

  const logs = new Map<AppName, string[]>();
  const sink = (name: AppName) => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      const lines = logs.get(name) ?? [];
      lines.push(chunk.toString());
      logs.set(name, lines.slice(-200));
    });
    return { stdout: stream, stderr: stream };
  };
  const fleet = appFleet(ROOT, env, { 'messages-api': apiPort, users: usersPort, 'stream-worker': workerPort }, sink);
  const cognitoClient = createCognitoClient({ endpoint: cognito.emulator.endpoint, region: 'us-east-1' });
  await fleet.startAll();

  return {
    baseUrl: `http://127.0.0.1:${apiPort}`,
    workerUrl: `http://127.0.0.1:${workerPort}`,
    db,
    seededGroup,
    token: (handle) => signIn(cognitoClient, clientId, SEED_PEOPLE[handle].email, DEVELOPMENT_PASSWORD),
    start: fleet.start,
    kill: fleet.stop,
    logs: (name) => (logs.get(name) ?? []).join('').slice(-4000),
    env: () => ({ ...env }),
    async stop() {
      await fleet.stopAll();
      cognitoClient.destroy();
      await Promise.all([cognito.stop(), database.drop(), db.drop()]);
    },
  };
}
