import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** How long one readiness check answers /ready (0 = check on every call). */
  READY_CACHE_TTL_MS: env.int(1000, 0),
});

export const healthConfig = registerAs('health', () => {
  const vars = parseEnv('health', schema, process.env);
  return { readyCacheTtlMs: vars.READY_CACHE_TTL_MS };
});
