import type { Database } from './database';
import type { DatabaseOptions } from './database.config';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

/** A real server when DATABASE_URL is set, embedded PGlite otherwise. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgresDatabase(options.url, options.poolMax) : openPgliteDatabase(options.pgliteDir);
}
