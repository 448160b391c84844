import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathsConfig, readTransportSecret, usersTransportSecretConfig } from '@app/common';
import { cognitoConfig } from '@app/cognito';
import { createDynamoDbClients, ddbConfig, MessagingTable } from '@app/ddb';
import { EVENTS_TRANSPORT_SECRET, eventsTransportConfig } from '@app/live-events';
import { type AppLaunchOptions, appFleet } from './app-fleet';
import { APP_NAMES, type AppName, type AppOutput, type AppProcess } from './app-process';
import { assertPortFree } from './child-processes';
import { startCognitoLocal } from './cognito-local';
import { startDynamoDbLocal } from './dynamodb-local';
import { seedConversation } from './seed-conversation';
import { createMessagingTable } from './tables';

/**
 * What the local system needs of the apps themselves. A library never imports an app, so the
 * caller builds this from the apps' public doors (bin/local-system.ts does).
 */
export interface LocalSystemApps {
  /** The environment the apps inherit (under the launcher's own settings); also where EVENTS_TRANSPORT_SECRET is read. */
  environment: NodeJS.ProcessEnv;
  /** Each app's port, from its own configuration (read after the local endpoints are checked). */
  ports(): Record<AppName, number>;
  /** The live-events transport secret, generated once under DATA_DIR unless set; before the port checks (the events config needs it). */
  provisionEventsTransportSecret(dataDir: string): void;
  /** The users app's data: the Cognito pool, Postgres schema, migrations and seed, and the people linked to the pool. */
  setupDatabaseAndCognito(dataDir: string): Promise<{ database: string; userPoolId: string; linked: number }>;
  /** The users transport secret, generated once under DATA_DIR unless USERS_TRANSPORT_SECRET is set. */
  provisionUsersTransportSecret(dataDir: string): void;
}

export interface LocalSystemOptions extends AppLaunchOptions {
  /** Only DynamoDB Local, the Cognito emulator and the data (`npm run infra`). */
  infraOnly?: boolean;
  /** Where the apps' log lines go (prefixed); default this process's stdout/stderr. */
  output?: AppOutput;
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
export async function startLocalSystem(root: string, apps: LocalSystemApps, options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const log = options.log ?? (() => undefined);
  const ddb = ddbConfig();
  const cognito = cognitoConfig();
  const { dataDir } = pathsConfig();
  if (!ddb.endpoint || !cognito.endpoint) {
    throw new Error('the local system runs everything locally: leave DDB_ENDPOINT and COGNITO_ENDPOINT unset (or local)');
  }
  const ports = apps.ports();
  const ddbPort = Number(new URL(ddb.endpoint).port || 8000);
  const cognitoPort = Number(new URL(cognito.endpoint).port || 9229);
  // Every port is checked before anything starts, so a clash names its port and changes nothing.
  // The events secret first: reading the events config needs it for any transport but `none`.
  apps.provisionEventsTransportSecret(dataDir);
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
    const setup = await apps.setupDatabaseAndCognito(dataDir);
    log(`data: ${setup.database}; Cognito pool ${setup.userPoolId}; ${setup.linked} user(s) linked to Cognito`);
    // The users transport's secret: USERS_TRANSPORT_SECRET if set, else the one generated once under DATA_DIR.
    apps.provisionUsersTransportSecret(dataDir);
    const { secret: usersTransportSecret } = usersTransportSecretConfig();
    // Live events: the worker tells messages-api over the internal TCP listener (no broker), signed
    // with EVENTS_TRANSPORT_SECRET (the variable if set, else the one generated under DATA_DIR).
    const eventsTransportSecret = readTransportSecret(EVENTS_TRANSPORT_SECRET, apps.environment);

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
        ...apps.environment,
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
