import { Logger } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { firstValueFrom, timeout } from 'rxjs';
import {
  AuthenticatingSerializer,
  connectNats,
  connectRedis,
  LazyConnection,
  type NatsConnection,
  type RedisConnectionOptions,
} from '@app/common';
import type { EventsTransportOptions } from './events-transport.config';
import { LIVE_DELIVER_PATTERN, type LiveDelivery } from './live-event';
import { encodeBrokerPacket, personChannel } from './person-channel';

/** Sends live events towards the instances that hold the receiving people's streams. */
export interface LiveEventPublisher {
  /** Resolves once handed to the transport; rejects if it could not be (the caller counts and logs). */
  publish(deliveries: LiveDelivery[]): Promise<void>;
  close(): Promise<void>;
}

/** Groups deliveries by person, keeping their order (one broker message per person and call). */
function byPerson(deliveries: LiveDelivery[]): Map<string, LiveDelivery[]> {
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
  // A failed first connection is tried again on the next publish.
  private readonly connection: LazyConnection<NatsConnection>;

  constructor(private readonly options: { servers: string[]; secret: string; prefix: string; timeoutMs: number }) {
    this.connection = new LazyConnection(() =>
      connectNats({ servers: options.servers, timeout: options.timeoutMs, maxReconnectAttempts: -1, name: 'live-events-publisher' }),
    );
  }

  async publish(deliveries: LiveDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const nats = await this.connection.get();
    for (const [person, own] of byPerson(deliveries)) {
      nats.publish(personChannel(this.options.prefix, person), encodeBrokerPacket(this.options.secret, own));
    }
  }

  async close(): Promise<void> {
    await this.connection.close((nats) => nats.drain());
  }
}

/** Through Redis pub/sub, one channel per person. */
class RedisLiveEventPublisher implements LiveEventPublisher {
  /** One connection for every caller: they resume in call order, so publishes keep their order. A failed one is tried again on the next publish. */
  private readonly connection: LazyConnection<Redis>;

  constructor(private readonly options: { redis: RedisConnectionOptions; secret: string; prefix: string; timeoutMs: number }) {
    this.connection = new LazyConnection(() =>
      connectRedis({ ...options.redis, maxRetriesPerRequest: 1, commandTimeout: options.timeoutMs }, (redis) =>
        redis.on('error', (error: Error) => new Logger('LiveEvents').warn(`Redis publisher: ${error.message}`)),
      ),
    );
  }

  async publish(deliveries: LiveDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const redis = await this.connection.get();
    const { secret, prefix } = this.options;
    await Promise.all(
      [...byPerson(deliveries)].map(([person, own]) => redis.publish(personChannel(prefix, person), encodeBrokerPacket(secret, own))),
    );
  }

  async close(): Promise<void> {
    await this.connection.close((redis) => redis.quit().catch(() => redis.disconnect()));
  }
}

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
