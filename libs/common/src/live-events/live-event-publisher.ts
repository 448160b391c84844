import { Logger } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import type { connect } from '@nats-io/transport-node';
import type { Redis, RedisOptions } from 'ioredis';
import { firstValueFrom, timeout } from 'rxjs';
import { AuthenticatingSerializer } from '../transport/transport-auth';
import type { EventsTransportOptions } from './events-transport.config';
import { LIVE_DELIVER_PATTERN, type LiveDelivery } from './live-event';
import { encodeBrokerPacket, personChannel } from './person-channel';

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

/** Sends live events towards the instances that hold the receiving people's streams. */
export interface LiveEventPublisher {
  /** Resolves once handed to the transport; rejects if it could not be (the caller counts and logs). */
  publish(deliveries: LiveDelivery[]): Promise<void>;
  close(): Promise<void>;
}

/** Groups deliveries by person, keeping their order (one broker message per person and call). */
export function byPerson(deliveries: LiveDelivery[]): Map<string, LiveDelivery[]> {
  const grouped = new Map<string, LiveDelivery[]>();
  for (const delivery of deliveries) {
    const list = grouped.get(delivery.person);
    if (list) list.push(delivery);
    else grouped.set(delivery.person, [delivery]);
  }
  return grouped;
}

/** To the one messages-api's internal listener, as a signed Nest event (no broker). */
class TcpLiveEventPublisher implements LiveEventPublisher {
  private readonly client: ClientProxy;

  constructor(
    options: { host: string; port: number; secret: string },
    private readonly timeoutMs: number,
  ) {
    this.client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: options.host, port: options.port, serializer: new AuthenticatingSerializer(options.secret) },
    });
  }

  async publish(deliveries: LiveDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await firstValueFrom(this.client.emit(LIVE_DELIVER_PATTERN, { deliveries }).pipe(timeout(this.timeoutMs)), { defaultValue: undefined });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Through NATS, one subject per person, with Nest 12's NATS package (`@nats-io/transport-node`).
 * Publishing is a buffered write on the connection: it never waits for a round trip.
 */
class NatsLiveEventPublisher implements LiveEventPublisher {
  private connection?: Promise<NatsConnection>;

  constructor(private readonly options: { servers: string[]; secret: string; prefix: string; timeoutMs: number }) {}

  private connected(): Promise<NatsConnection> {
    this.connection ??= connectNats({ servers: this.options.servers, timeout: this.options.timeoutMs, maxReconnectAttempts: -1, name: 'live-events-publisher' });
    // A failed first connection is tried again on the next publish.
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }

  async publish(deliveries: LiveDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const nats = await this.connected();
    for (const [person, own] of byPerson(deliveries)) {
      nats.publish(personChannel(this.options.prefix, person), encodeBrokerPacket(this.options.secret, own));
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await (await connection.catch(() => undefined))?.drain().catch(() => undefined);
  }
}

/** Through Redis pub/sub, one channel per person. */
class RedisLiveEventPublisher implements LiveEventPublisher {
  private readonly secret: string;
  private readonly prefix: string;
  private connecting?: Promise<Redis>;

  constructor(private readonly options: { redis: EventsTransportOptionsRedis; secret: string; prefix: string; timeoutMs: number }) {
    this.secret = options.secret;
    this.prefix = options.prefix;
  }

  /** One connection for every caller: they resume in call order, so publishes keep their order. */
  private connected(): Promise<Redis> {
    this.connecting ??= connectRedis({ ...this.options.redis, maxRetriesPerRequest: 1, commandTimeout: this.options.timeoutMs }, (redis) =>
      redis.on('error', (error: Error) => new Logger('LiveEvents').warn(`Redis publisher: ${error.message}`)),
    );
    // A failed connection is tried again on the next publish.
    this.connecting.catch(() => (this.connecting = undefined));
    return this.connecting;
  }

  async publish(deliveries: LiveDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const redis = await this.connected();
    await Promise.all([...byPerson(deliveries)].map(([person, own]) => redis.publish(personChannel(this.prefix, person), encodeBrokerPacket(this.secret, own))));
  }

  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    const redis = await connecting?.catch(() => undefined);
    await redis?.quit().catch(() => redis.disconnect());
  }
}

type EventsTransportOptionsRedis = Extract<EventsTransportOptions['client'], { transport: 'redis' }>['redis'];

/** The publisher for the configured transport, or null for `none`. */
export function createLiveEventPublisher(options: EventsTransportOptions): LiveEventPublisher | null {
  const { client, channelPrefix: prefix, emitTimeoutMs: timeoutMs } = options;
  switch (client.transport) {
    case 'none':
      return null;
    case 'tcp':
      return new TcpLiveEventPublisher(client, timeoutMs);
    case 'nats':
      return new NatsLiveEventPublisher({ servers: client.servers, secret: client.secret, prefix, timeoutMs });
    case 'redis':
      return new RedisLiveEventPublisher({ redis: client.redis, secret: client.secret, prefix, timeoutMs });
  }
}
