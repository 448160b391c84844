import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** How long a resolved identity (sub → person) is reused without asking the users service. */
  AUTH_IDENTITY_CACHE_TTL_MS: env.int(60_000, 0),
  /**
   * How long "this sub has no Cruddur user" is remembered, so a valid token of an unregistered
   * person cannot make every request a users-service call; short, so a newly linked user gets in soon.
   */
  AUTH_UNREGISTERED_CACHE_TTL_MS: env.int(10_000, 0),
  /** Age after which the cached JWKS is fetched again (a key the pool removed stops verifying). */
  AUTH_JWKS_MAX_AGE_MS: env.int(10 * 60_000, 1000),
  /** Least time between JWKS fetches for a `kid` the cached set lacks. */
  AUTH_JWKS_REFETCH_INTERVAL_MS: env.int(60_000, 0),
});

export const authConfig = registerAs('auth', () => {
  const vars = parseEnv('auth', schema, process.env);
  return {
    identityCacheTtlMs: vars.AUTH_IDENTITY_CACHE_TTL_MS,
    unregisteredCacheTtlMs: vars.AUTH_UNREGISTERED_CACHE_TTL_MS,
    jwksMaxAgeMs: vars.AUTH_JWKS_MAX_AGE_MS,
    jwksRefetchIntervalMs: vars.AUTH_JWKS_REFETCH_INTERVAL_MS,
  };
});
