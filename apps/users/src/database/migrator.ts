import type { Database } from './database';
import { MIGRATIONS, type Migration } from './migrations';

/** Arbitrary constant: the advisory lock that serialises migrators (two replicas starting at once). */
const MIGRATION_LOCK = 4_568_001;

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction
 * under an advisory lock, so running it twice (or from two processes at once) is safe.
 */
export async function migrate(db: Database, migrations: Migration[] = MIGRATIONS): Promise<MigrationReport> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer     PRIMARY KEY,
      name       text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const report: MigrationReport = { applied: [], alreadyApplied: 0 };
  for (const migration of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (applied) report.applied.push(`${migration.version} ${migration.name}`);
    else report.alreadyApplied += 1;
  }
  return report;
}
