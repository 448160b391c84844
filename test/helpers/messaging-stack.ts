import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { cognitoConfig } from '@app/cognito';
import { signIn } from '@app/cognito-api';
import { DEVELOPMENT_PASSWORD, findFreePort, SEED_PEOPLE, type SeedHandle, seedConversation, setupPool } from '@app/dev-infra';
import { configureApp, createHttpAdapter, HTTP_APP_OPTIONS } from '../../apps/messages-api/src/http/configure-app';
import { messagesApiConfig } from '../../apps/messages-api/src/messages-api.config';
import { MessagesApiModule } from '../../apps/messages-api/src/messages-api.module';
import { DATABASE } from '../../apps/users/src/database/database.constants';
import type { Database } from '../../apps/users/src/database/database';
import { seedUsers } from '../../apps/users/cli/seed-users';
import { createUsersMicroservice } from '../../apps/users/src/users-microservice';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { syncCognitoUserIds } from '../../apps/users/src/sync-cognito/sync-cognito-user-ids';
import { startTestCognito, type TestCognito } from './cognito';
import { createTestDatabase, databaseKinds } from './databases';
import { createTestTable, type TestTable } from './ddb';
import { suiteScoped } from './suite-scoped';
import { aTransportSecret } from './users-transport';

export interface MessagingStack {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  db: TestTable;
  cognito: TestCognito;
  clientId: string;
  userPoolId: string;
  /** A fresh access token of a seed person. */
  token(handle: SeedHandle): Promise<string>;
  /** fetch against messages-api, JSON in and out. */
  request(
    path: string,
    init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    headers: Headers;
  }>;
  stopUsers(): Promise<void>;
  startUsers(): Promise<void>;
  /** The running users service and messages-api, for observing (spying on) their real providers. */
  usersApp(): INestMicroservice;
  api: INestApplication;
  /** Another messages-api instance on the same stack, with these variables on top (stopped with the stack). */
  startApi(env?: Record<string, string>): Promise<Pick<MessagingStack, 'baseUrl' | 'request' | 'api'>>;
  stop(): Promise<void>;
}

type RequestFn = MessagingStack['request'];

/**
 * The real pieces, in this process: cognito-local, Postgres (PGlite or the CI server), the users
 * service on its real TCP transport, a fresh DynamoDB Local table, and messages-api on a free
 * port, configured through the same environment variables as in production.
 */
export async function startMessagingStack(env: Record<string, string> = {}): Promise<MessagingStack> {
  const savedEnv = { ...process.env };
  const [cognito, database, db] = await Promise.all([startTestCognito(), createTestDatabase(databaseKinds().at(-1)!), createTestTable()]);
  const pool = await setupPool(cognito.client, {
    poolName: 'stack',
    clientName: 'web',
    people: Object.values(SEED_PEOPLE),
  });
  Object.assign(process.env, {
    COGNITO_ENDPOINT: cognito.emulator.endpoint,
    COGNITO_USER_POOL_ID: pool.userPoolId,
    COGNITO_CLIENT_ID: pool.clientId,
    DDB_TABLE_NAME: db.tableName,
    DATA_DIR: database.dataDir,
    USERS_TRANSPORT: 'tcp',
    USERS_HOST: '127.0.0.1',
    USERS_PORT: String(await findFreePort()),
    USERS_TIMEOUT_MS: '1000',
    USERS_TRANSPORT_SECRET: aTransportSecret(),
    // Rate limits off: tests that send bursts are about other things; rate-limits.e2e-spec sets its own.
    RATE_LIMIT_SENDS_BURST: '0',
    RATE_LIMIT_INBOUND_BURST: '0',
    RATE_LIMIT_EDITS_BURST: '0',
    RATE_LIMIT_DELETES_BURST: '0',
    RATE_LIMIT_PROFILE_BURST: '0',
    RATE_LIMIT_READS_BURST: '0',
    RATE_LIMIT_ANONYMOUS_BURST: '0',
    ...env,
  });
  if (database.url) process.env.DATABASE_URL = database.url;
  else delete process.env.DATABASE_URL;

  let users: INestMicroservice | undefined;
  const startUsers = async () => {
    users = await createUsersMicroservice({ logger: new Logger() });
    await users.listen();
  };
  await startUsers();
  const repository = new UsersRepository(users!.get<Database>(DATABASE));
  await seedUsers(repository);
  // As the ops command does it: in-process, never over the transport.
  await syncCognitoUserIds(repository, cognitoConfig());

  const apis: INestApplication[] = [];
  const startApi = async (overrides: Record<string, string> = {}) => {
    const saved = { ...process.env };
    Object.assign(process.env, overrides);
    try {
      const app = await NestFactory.create<NestFastifyApplication>(MessagesApiModule, createHttpAdapter(), {
        ...HTTP_APP_OPTIONS,
        logger: new Logger(),
      });
      configureApp(app, app.get(messagesApiConfig.KEY));
      await app.listen(0, '127.0.0.1');
      apis.push(app);
      const url = await app.getUrl().then((address) => address.replace('[::1]', '127.0.0.1'));
      return { baseUrl: url, request: requestTo(url), api: app as INestApplication };
    } finally {
      process.env = saved;
    }
  };
  const { baseUrl, request, api } = await startApi();
  return {
    baseUrl,
    db,
    cognito,
    clientId: pool.clientId,
    userPoolId: pool.userPoolId,
    token: (handle) => signIn(cognito.client, pool.clientId, SEED_PEOPLE[handle].email, DEVELOPMENT_PASSWORD),
    request,
    async stopUsers() {
      await users?.close();
      users = undefined;
    },
    startUsers,
    usersApp: () => users!,
    api,
    startApi,
    async stop() {
      for (const app of apis) await app.close();
      await users?.close();
      await Promise.all([cognito.stop(), database.drop(), db.drop()]);
      process.env = savedEnv;
    },
  };
}

/** fetch against one messages-api instance, JSON in and out. */
function requestTo(baseUrl: string): RequestFn {
  return async (path, init = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, headers: response.headers };
  };
}

/** What a messages-api suite works with, from its beforeAll on. */
export interface MessagingSuite {
  /** The suite's running stack (started in beforeAll, stopped in afterAll). */
  stack: MessagingStack;
  /** An access token of each seed person, signed in once for the suite. */
  tokens: Record<SeedHandle, string>;
  /** The conversation the suite opened with (`opening`): its message_group_uuid. */
  conversation: { uuid: string };
}

export interface MessagingSuiteOptions {
  /** Variables on top of the stack's own (see startMessagingStack). */
  env?: Record<string, string>;
  /**
   * The suite's first conversation: the seed conversation of andrewbrown and bayko (seedConversation,
   * written to the table), or a first message sent over the API from one seed person to another.
   */
  opening?: 'seed' | { from: SeedHandle; to: SeedHandle; message: string };
  /** Runs before the stack stops (e.g. stopping a worker that reads the stack's table). */
  beforeStop?: (stack: MessagingStack) => Promise<void>;
}

/**
 * The opening of a messages-api suite: registers a beforeAll that starts the stack, signs in the
 * seed people and opens the first conversation, and an afterAll that stops it all.
 */
export function useMessagingStack(options: MessagingSuiteOptions = {}): MessagingSuite {
  let running: MessagingStack | undefined;
  const tokens = {} as Record<SeedHandle, string>;
  const conversation = { uuid: '' };
  beforeAll(async () => {
    running = await startMessagingStack(options.env);
    const stack = running;
    const handles = Object.keys(SEED_PEOPLE) as SeedHandle[];
    Object.assign(
      tokens,
      Object.fromEntries(await Promise.all(handles.map(async (handle) => [handle, await stack.token(handle)] as const))),
    );
    if (options.opening === 'seed') {
      conversation.uuid = (await seedConversation(stack.db.table)).messageGroupUuid;
    } else if (options.opening) {
      const { from, to, message } = options.opening;
      const first = await stack.request('/api/messages', { token: tokens[from], body: { message, handle: SEED_PEOPLE[to].handle } });
      expect(first.status).toBe(200);
      conversation.uuid = first.body.message_group_uuid;
    }
  });
  afterAll(async () => {
    if (!running) return;
    try {
      await options.beforeStop?.(running);
    } finally {
      await running.stop();
      running = undefined;
    }
  });
  return { stack: suiteScoped('the messaging stack', () => running), tokens, conversation };
}
