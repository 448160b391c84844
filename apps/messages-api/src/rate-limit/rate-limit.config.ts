import { registerAs } from '@nestjs/config';
import { parseEnv, redisUrlVariable } from '@app/common';
import { z } from 'zod';
import type { RateLimitPolicy } from './gcra';

/** Requests per second (fractions allowed, e.g. 0.2); 0 turns the limit off. */
const rate = (fallback: number) => z.coerce.number().min(0).default(fallback);
/** Bucket size; 0 turns the limit off. */
const burst = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const schema = z.object({
  /** `memory`: one bucket per process; `redis`: buckets shared by every instance through REDIS_URL. */
  RATE_LIMIT_STORE: z.enum(['memory', 'redis']).default('memory'),
  REDIS_URL: redisUrlVariable('redis://127.0.0.1:6379'),
  /** Prefix of the Redis keys, so several deployments (or test runs) can share one Redis. */
  RATE_LIMIT_REDIS_PREFIX: z.string().min(1).default('cruddur:rate-limit:'),
  RATE_LIMIT_SENDS_PER_SECOND: rate(5),
  RATE_LIMIT_SENDS_BURST: burst(20),
  RATE_LIMIT_READS_PER_SECOND: rate(20),
  RATE_LIMIT_READS_BURST: burst(60),
  RATE_LIMIT_ANONYMOUS_PER_SECOND: rate(10),
  RATE_LIMIT_ANONYMOUS_BURST: burst(30),
  /** Messages one person may receive, from all senders together (one person's partition is not to be flooded). */
  RATE_LIMIT_INBOUND_PER_SECOND: rate(20),
  RATE_LIMIT_INBOUND_BURST: burst(40),
  /** POST …/typing per person (clients call it as keys are pressed; what reaches the other member is throttled apart). */
  RATE_LIMIT_TYPING_PER_SECOND: rate(2),
  RATE_LIMIT_TYPING_BURST: burst(10),
  /** PATCH …/messages/:m per person (each edit is a write and a live event to both members). */
  RATE_LIMIT_EDITS_PER_SECOND: rate(1),
  RATE_LIMIT_EDITS_BURST: burst(10),
  /** DELETE …/messages/:m per person. */
  RATE_LIMIT_DELETES_PER_SECOND: rate(1),
  RATE_LIMIT_DELETES_BURST: burst(10),
  /** PATCH /api/profile per person: a change is copied into every summary that shows the person. */
  RATE_LIMIT_PROFILE_PER_SECOND: rate(0.1),
  RATE_LIMIT_PROFILE_BURST: burst(5),
});

/**
 * The kinds of limit: a route carries `sends`, `reads` or `anonymous` (callers without a token, by
 * network address), `typing`, `edits`, `deletes` or `profile`; `inbound` counts the messages a person receives, whoever sends them.
 */
export type RateLimitName = 'sends' | 'reads' | 'anonymous' | 'inbound' | 'typing' | 'edits' | 'deletes' | 'profile';

export const rateLimitConfig = registerAs('rateLimit', () => {
  const vars = parseEnv('rate limits', schema, process.env);
  const policy = (name: RateLimitName, perSecond: number, size: number): RateLimitPolicy | undefined =>
    perSecond > 0 && size > 0 ? { name, perSecond, burst: size } : undefined;
  const policies: Record<RateLimitName, RateLimitPolicy | undefined> = {
    sends: policy('sends', vars.RATE_LIMIT_SENDS_PER_SECOND, vars.RATE_LIMIT_SENDS_BURST),
    reads: policy('reads', vars.RATE_LIMIT_READS_PER_SECOND, vars.RATE_LIMIT_READS_BURST),
    anonymous: policy('anonymous', vars.RATE_LIMIT_ANONYMOUS_PER_SECOND, vars.RATE_LIMIT_ANONYMOUS_BURST),
    inbound: policy('inbound', vars.RATE_LIMIT_INBOUND_PER_SECOND, vars.RATE_LIMIT_INBOUND_BURST),
    typing: policy('typing', vars.RATE_LIMIT_TYPING_PER_SECOND, vars.RATE_LIMIT_TYPING_BURST),
    edits: policy('edits', vars.RATE_LIMIT_EDITS_PER_SECOND, vars.RATE_LIMIT_EDITS_BURST),
    deletes: policy('deletes', vars.RATE_LIMIT_DELETES_PER_SECOND, vars.RATE_LIMIT_DELETES_BURST),
    profile: policy('profile', vars.RATE_LIMIT_PROFILE_PER_SECOND, vars.RATE_LIMIT_PROFILE_BURST),
  };
  return { store: vars.RATE_LIMIT_STORE, redis: vars.REDIS_URL, redisPrefix: vars.RATE_LIMIT_REDIS_PREFIX, policies };
});
