import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where a users-service test keeps its data: a fresh PGlite directory or a fresh server database. */
export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** For `postgres`: the URL of a database made for this test. */
  url?: string;
  /** For `pglite`: DATA_DIR to hand the service (the database lives in DATA_DIR/pglite). */
  dataDir: string;
  drop(): Promise<void>;
}

/** The Postgres server CI provides (captured at load: tests may change DATABASE_URL for a service). */
const SERVER_URL = process.env.DATABASE_URL;

/** The kinds to run database tests against: PGlite always, the real server when CI provides one. */
export const databaseKinds = (): Array<'pglite' | 'postgres'> => (SERVER_URL ? ['pglite', 'postgres'] : ['pglite']);

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'users-test-'));
  const cleanDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'pglite') return { kind, dataDir, drop: async () => cleanDir() };

  const server = new URL(SERVER_URL ?? '');
  const name = `users_test_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    kind,
    dataDir,
    url: url.toString(),
    async drop() {
      const cleanup = new Client({ connectionString: server.toString() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
      cleanDir();
    },
  };
}
