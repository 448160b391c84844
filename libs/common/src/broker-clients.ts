import type { connect } from '@nats-io/transport-node';
import type { Redis, RedisOptions } from 'ioredis';

/** A NATS connection of Nest 12's NATS package (its type is not exported under this repo's module resolution). */
export type NatsConnection = Awaited<ReturnType<typeof connect>>;

/**
 * The broker client libraries are loaded when a transport first needs one, not with the app: an
 * instance configured for one broker (or none) keeps the other's code out of its heap (docs/design.md §7).
 */
export async function connectNats(options: Parameters<typeof connect>[0]): Promise<NatsConnection> {
  const nats = await import('@nats-io/transport-node');
  return nats.connect(options);
}

/** An ioredis client, created with the library loaded on first use (see connectNats). */
export async function createRedis(options: RedisOptions): Promise<Redis> {
  const { Redis: RedisClient } = await import('ioredis');
  return new RedisClient(options);
}

/**
 * A connected ioredis client; `prepare` attaches listeners before it connects. A connection that
 * fails is closed (no retries in the background), so the caller can simply try again later.
 */
export async function connectRedis(options: RedisOptions, prepare: (redis: Redis) => void): Promise<Redis> {
  const redis = await createRedis({ ...options, lazyConnect: true });
  prepare(redis);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}
