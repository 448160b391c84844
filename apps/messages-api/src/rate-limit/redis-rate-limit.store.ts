import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, type RedisConnectionOptions } from '@app/common';
import type { RateDecision, RateLimitPolicy } from './gcra';
import type { RateLimitStore } from './rate-limit.store';

/**
 * gcra() of gcra.ts in one atomic script, with Redis's clock so instances with skewed clocks
 * agree. KEYS[1] = bucket; ARGV = emission interval (ms), burst. Returns
 * {allowed, remaining, retryAfterMs, resetMs}.
 */
const GCRA_LUA = `
local interval = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2]) * interval
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local nextTat = tat + interval
if nextTat - now > capacity then
  return {0, 0, math.ceil(nextTat - capacity - now), math.ceil(tat - now)}
end
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.max(1, math.ceil(nextTat - now)))
return {1, math.floor((capacity - (nextTat - now)) / interval), 0, math.ceil(nextTat - now)}
`;

type GcraRedis = Redis & { gcra(key: string, intervalMs: number, burst: number): Promise<[number, number, number, number]> };

/**
 * Buckets shared by every messages-api instance. If Redis cannot answer, the request is let
 * through (and a warning logged): a limiter outage must not become an API outage.
 */
export class RedisRateLimitStore implements RateLimitStore, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  /** Made (with ioredis loaded) by onModuleInit, which Nest runs before the app serves requests. */
  private redis?: GcraRedis;

  constructor(
    private readonly connection: RedisConnectionOptions,
    private readonly prefix: string,
  ) {}

  /** Connects before the first request, so a healthy Redis counts from the first one. */
  async onModuleInit(): Promise<void> {
    const redis = (await createRedis({
      ...this.connection,
      // Fail fast instead of queueing while disconnected: the guard then lets the request through.
      enableOfflineQueue: false,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
    })) as GcraRedis;
    redis.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    redis.defineCommand('gcra', { numberOfKeys: 1, lua: GCRA_LUA });
    this.redis = redis;
    await redis.connect().catch((error: Error) => this.logger.warn(`Redis not reachable at start: ${error.message}`));
  }

  async consume(key: string, policy: RateLimitPolicy): Promise<RateDecision> {
    try {
      if (!this.redis) throw new Error('not started');
      const [allowed, remaining, retryAfterMs, resetMs] = await this.redis.gcra(
        `${this.prefix}${key}`,
        1000 / policy.perSecond,
        policy.burst,
      );
      return { allowed: allowed === 1, remaining, retryAfterMs, resetMs };
    } catch (error) {
      this.logger.warn(`rate limit not applied (Redis unavailable): ${(error as Error).message}`);
      return { allowed: true, remaining: policy.burst, retryAfterMs: 0, resetMs: 0 };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const redis = this.redis;
    await redis?.quit().catch(() => redis.disconnect());
  }
}
