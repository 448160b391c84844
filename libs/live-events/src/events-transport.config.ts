import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import {
  env,
  localTransportSecretFile,
  parseEnv,
  readTransportSecret,
  type RedisConnectionOptions,
  redisUrlVariable,
  type TransportSecretSpec,
} from '@app/common';

const schema = z.object({
  /**
   * How live events (docs/design.md §8) travel between the apps. `none`: nowhere (a lone messages-api still
   * pushes its own sends to its own streams; the stream-worker emits nothing). `tcp`: the
   * stream-worker sends them to the one messages-api's internal listener at EVENTS_HOST:EVENTS_PORT
   * (no broker; what `npm start` runs). `nats` / `redis`: every instance and worker shares them
   * through the broker at NATS_URL / REDIS_URL, one subject (channel) per person.
   */
  EVENTS_TRANSPORT: z.enum(['none', 'tcp', 'nats', 'redis']).default('none'),
  /** messages-api listens here for the worker's events (tcp); 127.0.0.1 keeps it off the network. */
  EVENTS_HOST: z.string().min(1).default('127.0.0.1'),
  EVENTS_PORT: env.port(4570),
  NATS_URL: z.url({ protocol: /^nats$/ }).default('nats://127.0.0.1:4222'),
  REDIS_URL: redisUrlVariable('redis://127.0.0.1:6379'),
  /** Prefix of the per-person subjects/channels, so deployments (or test runs) can share one broker. */
  EVENTS_CHANNEL_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]*$/, 'letters, digits and . _ : - only')
    .default('cruddur.live.'),
  /** A publish that has not gone out by then counts as failed; it never holds a send or a record up. */
  EVENTS_EMIT_TIMEOUT_MS: env.int(1000, 1),
});

export const EVENTS_TRANSPORT_SECRET: TransportSecretSpec = {
  namespace: 'events transport',
  variable: 'EVENTS_TRANSPORT_SECRET',
  fileName: 'events-transport-secret',
  sharedBy: 'messages-api and the stream-worker',
};

/** Where `npm start` and `npm run infra` keep the local EVENTS_TRANSPORT_SECRET (mode 0600). */
export const localEventsTransportSecretFile = (dataDir: string) => localTransportSecretFile(dataDir, EVENTS_TRANSPORT_SECRET);

export type EventsTransport =
  | { transport: 'none' }
  | { transport: 'tcp'; host: string; port: number; secret: string }
  | { transport: 'nats'; servers: string[]; secret: string }
  | { transport: 'redis'; redis: RedisConnectionOptions; secret: string };

export interface EventsTransportOptions {
  client: EventsTransport;
  /** EVENTS_PORT, whatever the transport (the local launcher checks it is free before starting). */
  port: number;
  channelPrefix: string;
  emitTimeoutMs: number;
}

/**
 * The live events' transport, shared by messages-api and the stream-worker so one variable switches
 * both. Every packet carries EVENTS_TRANSPORT_SECRET (required when NODE_ENV=production; locally the
 * file `npm start` generates), checked by the receiver before anything is delivered: whoever merely
 * reaches the port or the broker cannot push messages into people's streams.
 */
export const eventsTransportConfig = registerAs('eventsTransport', (): EventsTransportOptions => {
  const vars = parseEnv('events transport', schema, process.env);
  const common = { channelPrefix: vars.EVENTS_CHANNEL_PREFIX, emitTimeoutMs: vars.EVENTS_EMIT_TIMEOUT_MS, port: vars.EVENTS_PORT };
  if (vars.EVENTS_TRANSPORT === 'none') return { ...common, client: { transport: 'none' } };
  const secret = readTransportSecret(EVENTS_TRANSPORT_SECRET, process.env);
  switch (vars.EVENTS_TRANSPORT) {
    case 'tcp':
      return { ...common, client: { transport: 'tcp', host: vars.EVENTS_HOST, port: vars.EVENTS_PORT, secret } };
    case 'nats':
      return { ...common, client: { transport: 'nats', servers: [vars.NATS_URL], secret } };
    case 'redis':
      return { ...common, client: { transport: 'redis', redis: vars.REDIS_URL, secret } };
  }
});
