import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { env, parseEnv, pathsConfig, productionVariables, refuseLocalDefaultsInProduction } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** A real Postgres server. Unset = an embedded PGlite database under DATA_DIR/pglite. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_MAX: env.int(10, 1),
  ...productionVariables,
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
  refuseLocalDefaultsInProduction('database', vars, [
    {
      variable: 'DATABASE_URL',
      problem: !vars.DATABASE_URL && "unset means an embedded PGlite database on the task's own disk; set a Postgres URL",
    },
  ]);
  return { url: vars.DATABASE_URL, pgliteDir: join(pathsConfig().dataDir, 'pglite'), poolMax: vars.DATABASE_POOL_MAX };
});
