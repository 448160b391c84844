import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** Where users keeps its data during a bench run. */
export interface BenchDatabase {
  /** DATABASE_URL for users; undefined means the embedded PGlite. */
  url?: string;
  /** What users runs on, for the report. */
  description: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one run on the Postgres server at `serverUrl` (docs/design.md §7 measures users on
 * a real Postgres), dropped by `drop()`. Without a server, or when none answers, users runs on PGlite.
 */
export async function benchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  const pglite = { description: 'embedded PGlite', drop: async () => undefined };
  if (!serverUrl) return pglite;
  const admin = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (error) {
    console.warn(`bench: no Postgres answers at ${new URL(serverUrl).host} (${(error as Error).message}): users runs on PGlite`);
    return pglite;
  }
  const name = `cruddur_bench_${randomUUID().slice(0, 8)}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      description: `Postgres ${version.split(' ')[0]}`,
      async drop() {
        const cleanup = new Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      },
    };
  } finally {
    await admin.end();
  }
}
