import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoDbClients, ddbConfig, MessagingTable } from '@app/ddb';
import { createMessagingTable, findFreePort, type LocalDynamoDb, startDynamoDbLocal } from '@app/dev-infra';
import type { TestTable } from './ddb';

/**
 * A file-backed DynamoDB Local of one test's own, which the test can stop and start again on the
 * same port and data: a dependency outage, as `npm run drill` causes one. (The run's shared
 * DynamoDB Local is in memory and serves every test file, so it cannot be the one restarted.)
 */
export interface RestartableDynamoDb {
  endpoint: string;
  /** A fresh messaging table on this DynamoDB Local; its clients reconnect by themselves after a restart. */
  createTable(): Promise<TestTable>;
  /** Stops the Java process (connections are refused until `start`). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

export async function startRestartableDynamoDb(): Promise<RestartableDynamoDb> {
  const dbPath = mkdtempSync(join(tmpdir(), 'cruddur-ddb-outage-'));
  const port = await findFreePort();
  let running: LocalDynamoDb | null = await startDynamoDbLocal({ dbPath, port });
  const endpoint = running.endpoint;
  const stop = async () => {
    await running?.stop();
    running = null;
  };
  return {
    endpoint,
    async createTable() {
      const tableName = `test-${randomUUID().slice(0, 8)}`;
      const { client, doc } = createDynamoDbClients({ ...ddbConfig(), endpoint, tableName });
      await createMessagingTable(client, tableName);
      // Dropped with the whole data directory in `close`.
      return { table: new MessagingTable(doc, tableName), client, doc, tableName, drop: async () => client.destroy() };
    },
    stop,
    async start() {
      running ??= await startDynamoDbLocal({ dbPath, port });
    },
    async close() {
      await stop();
      rmSync(dbPath, { recursive: true, force: true });
    },
  };
}
