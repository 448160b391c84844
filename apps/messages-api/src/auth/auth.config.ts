import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** How long a resolved identity (sub → person) is reused without asking the users service. */
  AUTH_IDENTITY_CACHE_TTL_MS: env.int(60_000, 0),
});

export const authConfig = registerAs('auth', () => {
  const vars = parseEnv('auth', schema, process.env);
  return { identityCacheTtlMs: vars.AUTH_IDENTITY_CACHE_TTL_MS };
});
