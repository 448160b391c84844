import { registerAs } from '@nestjs/config';
import { Transport } from '@nestjs/microservices';
import { env, parseEnv, type RedisConnectionOptions, redisUrlVariable } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /**
   * Where `message_group.updated` events go (for real-time push later). `none` (the default) emits
   * nothing; `tcp` sends to a Nest microservice at EVENTS_HOST:EVENTS_PORT; `nats` and `redis` go
   * through the broker at NATS_URL / REDIS_URL (the same variables the users transport reads).
   */
  EVENTS_TRANSPORT: z.enum(['none', 'tcp', 'nats', 'redis']).default('none'),
  EVENTS_HOST: z.string().min(1).default('127.0.0.1'),
  EVENTS_PORT: env.port(4570),
  NATS_URL: z.url({ protocol: /^nats$/ }).default('nats://127.0.0.1:4222'),
  REDIS_URL: redisUrlVariable('redis://127.0.0.1:6379'),
  /** An emit that has not gone out by then counts as failed; it never holds a record up. */
  EVENTS_EMIT_TIMEOUT_MS: env.int(1000, 1),
});

export type EventsTransportOptions =
  | { transport: 'none' }
  | { transport: Transport.TCP; options: { host: string; port: number } }
  | { transport: Transport.NATS; options: { servers: string[] } }
  | { transport: Transport.REDIS; options: RedisConnectionOptions };

export interface EventsOptions {
  client: EventsTransportOptions;
  emitTimeoutMs: number;
}

/** The client for the worker's outgoing events; validated at boot like every other setting. */
export const eventsConfig = registerAs('events', (): EventsOptions => {
  const vars = parseEnv('events', schema, process.env);
  const emitTimeoutMs = vars.EVENTS_EMIT_TIMEOUT_MS;
  switch (vars.EVENTS_TRANSPORT) {
    case 'tcp':
      return { emitTimeoutMs, client: { transport: Transport.TCP, options: { host: vars.EVENTS_HOST, port: vars.EVENTS_PORT } } };
    case 'nats':
      return { emitTimeoutMs, client: { transport: Transport.NATS, options: { servers: [vars.NATS_URL] } } };
    case 'redis':
      return { emitTimeoutMs, client: { transport: Transport.REDIS, options: vars.REDIS_URL } };
    default:
      return { emitTimeoutMs, client: { transport: 'none' } };
  }
});
