/** What the users service needs from Postgres; served by a `pg` pool or by embedded PGlite. */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A Postgres error as both drivers report it. */
export interface PostgresError {
  code?: string;
  constraint?: string;
  message: string;
}

export const UNIQUE_VIOLATION = '23505';

export function isPostgresError(error: unknown, code: string): error is PostgresError {
  return typeof error === 'object' && error !== null && (error as PostgresError).code === code;
}
