import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable } from './database';

/**
 * Embedded Postgres (PGlite, WASM) in a directory, so a newcomer needs no server. It is the same
 * SQL dialect as the server, but only one process may open a directory at a time: a lock file
 * turns a second opener into a clear error instead of a corrupted database.
 */
export async function openPgliteDatabase(directory: string): Promise<Database> {
  mkdirSync(directory, { recursive: true });
  const releaseLock = lockDirectory(`${directory}.lock`);
  let db: PGlite;
  try {
    db = await PGlite.create(directory);
  } catch (error) {
    releaseLock();
    throw error;
  }
  const query: Queryable['query'] = async (sql, params) => (await db.query(sql, params)).rows as never[];
  return {
    query,
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async (sql, params) => (await tx.query(sql, params)).rows as never[],
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    close: async () => {
      await db.close();
      releaseLock();
    },
  };
}

function lockDirectory(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (isAlive(holder)) {
        throw new Error(
          `the embedded database is in use by process ${holder} (the users service?): stop it first, or set DATABASE_URL to use a Postgres server`,
          { cause: error },
        );
      }
      rmSync(lockFile, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`could not lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
