/**
 * `npm start`: the whole system on this machine, with nothing but Node and Java.
 *   DynamoDB Local (.data/dynamodb), the Cognito emulator (.data/cognito), Postgres (embedded
 *   PGlite in .data/pglite unless DATABASE_URL is set); schema, migrations and seed data loaded
 *   idempotently; then users, messages-api and stream-worker, their log lines prefixed.
 * `npm run infra` (`--infra`): only the infrastructure and the data, so each app can be run
 * alone with `npx nest start <app>`.
 * Ctrl-C stops every child; the data stays for the next start.
 */
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { pathsConfig } from '@app/common';
import { cognitoConfig, startCognitoLocal } from '@app/cognito';
import { createDynamoDbClients, createMessagingTable, ddbConfig, MessagingTable, startDynamoDbLocal } from '@app/ddb';
import { seedConversation } from '../libs/ddb/cli/seed';
import { setupDatabaseAndCognito } from '../apps/users/cli/setup';
import { assertPortsFree, startApp, waitForHttp, type AppProcess } from './local-system';

const ROOT = resolve(__dirname, '..');
const infraOnly = process.argv.includes('--infra');
const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const ddb = ddbConfig();
  const cognito = cognitoConfig();
  const { dataDir } = pathsConfig();
  if (!ddb.endpoint || !cognito.endpoint) {
    throw new Error('npm start runs everything locally: leave DDB_ENDPOINT and COGNITO_ENDPOINT unset');
  }
  const ddbPort = Number(new URL(ddb.endpoint).port || 8000);
  const cognitoPort = Number(new URL(cognito.endpoint).port || 9229);
  await assertPortsFree([
    [ddbPort, 'DynamoDB Local'],
    [cognitoPort, 'Cognito emulator'],
    ...(infraOnly
      ? []
      : ([
          [4567, 'messages-api'],
          [4568, 'users'],
          [4569, 'stream-worker'],
        ] as Array<[number, string]>)),
  ]);

  const started = Date.now();
  const [dynamoDb, emulator] = await Promise.all([
    startDynamoDbLocal({ port: ddbPort, dbPath: join(dataDir, 'dynamodb') }),
    startCognitoLocal({ port: cognitoPort, dataDir: join(dataDir, 'cognito') }),
  ]);
  stops.push(() => dynamoDb.stop(), () => emulator.stop());
  console.log(`infra: DynamoDB Local ${dynamoDb.endpoint}, Cognito emulator ${emulator.endpoint} (${Date.now() - started} ms)`);

  const clients = createDynamoDbClients(ddb);
  try {
    console.log(`data: table ${ddb.tableName} ${await createMessagingTable(clients.client, ddb.tableName)}`);
    const seed = await seedConversation(new MessagingTable(clients.doc, ddb.tableName));
    console.log(`data: seed conversation ${seed.written} written, ${seed.alreadyThere} already there`);
  } finally {
    clients.client.destroy();
  }
  const setup = await setupDatabaseAndCognito(dataDir);
  console.log(`data: ${setup.database}; Cognito pool ${setup.userPoolId}; ${setup.linked} user(s) linked to Cognito`);

  if (infraOnly) {
    console.log(`\nInfrastructure is up. Run an app with: npx nest start <messages-api | users | stream-worker>\nCtrl-C stops it.`);
    return;
  }

  const env = {
    ...process.env,
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const apps: AppProcess[] = ['users', 'stream-worker', 'messages-api'].map((name) => startApp(ROOT, name, env));
  for (const app of apps) {
    stops.push(() => app.stop());
    app.child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${app.name} exited (${signal ?? `code ${code}`}); stopping everything`);
      void stopAll(1);
    });
  }
  const alive = () => !stopping;
  await Promise.all([
    waitForHttp('http://127.0.0.1:4567/ready', 60_000, alive),
    waitForHttp('http://127.0.0.1:4569/health', 60_000, alive),
  ]);

  console.log(`
\x1b[1mCruddur Messaging is running\x1b[0m (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)
  messages-api    http://localhost:4567/api      (health /health, readiness /ready)
  OpenAPI         http://localhost:4567/api/docs
  users           tcp://127.0.0.1:4568
  stream-worker   http://localhost:4569/health
  DynamoDB Local  ${dynamoDb.endpoint}   Cognito emulator ${emulator.endpoint}
  Data            ${dataDir}

Try it (seed people: andrewbrown, bayko, londo):
  curl -H "Authorization: Bearer $(npm run -s token -- andrewbrown)" localhost:4567/api/message_groups
  curl -H "Authorization: Bearer $(npm run -s token -- andrewbrown)" -H 'Content-Type: application/json' \\
       -d '{"message":"Hello from curl","handle":"bayko"}' localhost:4567/api/messages

Ctrl-C stops everything.`);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
main().catch(async (error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
});
