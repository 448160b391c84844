import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { env, parseEnv, pathsConfig } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** A real Postgres server. Unset = an embedded PGlite database under DATA_DIR/pglite. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_MAX: env.int(10, 1),
});

export interface DatabaseOptions {
  /** Set: talk to that server through a `pg` pool. */
  url?: string;
  /** Used when `url` is unset. */
  pgliteDir: string;
  poolMax: number;
}

export const databaseConfig = registerAs('database', (): DatabaseOptions => {
  const vars = parseEnv('database', schema, process.env);
  return { url: vars.DATABASE_URL, pgliteDir: join(pathsConfig().dataDir, 'pglite'), poolMax: vars.DATABASE_POOL_MAX };
});
