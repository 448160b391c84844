import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { connectNats, connectRedis, LazyConnection, type NatsConnection, type RedisConnectionOptions, secretDigest } from '@app/common';
import type { EventsTransportOptions } from './events-transport.config';
import type { LiveDelivery } from './live-event';
import { decodeBrokerPacket, personChannel } from './person-channel';

/**
 * Which people's events this instance receives from a broker: one subscription per person with an
 * open stream here, so an instance hears only about the people it serves (a broker packet without
 * the shared secret, or addressed to someone else, delivers nothing).
 */
export interface LiveSubscriptions {
  /** Resolves once the broker has the subscription (a resume subscribes before it replays). */
  add(person: string): Promise<void>;
  remove(person: string): void;
  close(): Promise<void>;
}

/** Where a subscription hands the deliveries it receives (messages-api's live hub). */
export type Deliver = (deliveries: LiveDelivery[]) => void;

/** Without a broker every event is published in this process: nothing to subscribe to. */
class InProcessSubscriptions implements LiveSubscriptions {
  async add(): Promise<void> {}
  remove(): void {}
  async close(): Promise<void> {}
}

class NatsSubscriptions implements LiveSubscriptions {
  private readonly logger = new Logger('LiveEvents');
  /** A failed connection is tried again by the next stream that opens. */
  private readonly connection: LazyConnection<NatsConnection>;
  private readonly subscriptions = new Map<string, { unsubscribe(): void }>();
  private readonly digest: Buffer;

  constructor(
    servers: string[],
    secret: string,
    private readonly prefix: string,
    private readonly deliver: Deliver,
  ) {
    this.digest = secretDigest(secret);
    this.connection = new LazyConnection(
      () => connectNats({ servers, maxReconnectAttempts: -1, name: 'messages-api live events' }),
      (error) => this.logger.warn(`NATS: ${error.message}`),
    );
  }

  async add(person: string): Promise<void> {
    const nats = await this.connection.get();
    if (this.subscriptions.has(person)) return;
    const subscription = nats.subscribe(personChannel(this.prefix, person), {
      callback: (error: Error | null, message: { string(): string }) => {
        if (error) return this.logger.warn(`NATS subscription: ${error.message}`);
        const deliveries = decodeBrokerPacket(message.string(), this.digest, person);
        if (deliveries) this.deliver(deliveries);
        else this.logger.warn('dropped a live event without the right EVENTS_TRANSPORT_SECRET');
      },
    });
    this.subscriptions.set(person, subscription);
    // The server has the subscription once a round trip after it has completed.
    await nats.flush();
  }

  remove(person: string): void {
    this.subscriptions.get(person)?.unsubscribe();
    this.subscriptions.delete(person);
  }

  async close(): Promise<void> {
    this.subscriptions.clear();
    await this.connection.close((nats) => nats.close());
  }
}

class RedisSubscriptions implements LiveSubscriptions {
  private readonly logger = new Logger('LiveEvents');
  private readonly digest: Buffer;
  private readonly channels = new Map<string, string>();
  /**
   * A subscriber connection: it queues SUBSCRIBEs while reconnecting and resubscribes after. A failed
   * connection is tried again by the next stream that opens.
   */
  private readonly connection: LazyConnection<Redis>;

  constructor(
    options: RedisConnectionOptions,
    secret: string,
    private readonly prefix: string,
    private readonly deliver: Deliver,
  ) {
    this.digest = secretDigest(secret);
    this.connection = new LazyConnection(() =>
      connectRedis({ ...options, maxRetriesPerRequest: null }, (redis) => {
        redis.on('error', (error: Error) => this.logger.warn(`Redis subscriber: ${error.message}`));
        redis.on('message', (channel: string, text: string) => this.received(channel, text));
      }),
    );
  }

  private received(channel: string, text: string): void {
    const person = this.channels.get(channel);
    if (!person) return;
    const deliveries = decodeBrokerPacket(text, this.digest, person);
    if (deliveries) this.deliver(deliveries);
    else this.logger.warn('dropped a live event without the right EVENTS_TRANSPORT_SECRET');
  }

  async add(person: string): Promise<void> {
    const redis = await this.connection.get();
    const channel = personChannel(this.prefix, person);
    this.channels.set(channel, person);
    // Resolves when Redis confirms the subscription.
    await redis.subscribe(channel);
  }

  remove(person: string): void {
    const channel = personChannel(this.prefix, person);
    this.channels.delete(channel);
    void this.connection
      .ifOpened()
      .then((redis) => redis?.unsubscribe(channel))
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.connection.close((redis) => redis.quit().catch(() => redis.disconnect()));
  }
}

/** The subscriptions for the configured transport: a broker's for nats/redis, none otherwise. */
export function createLiveSubscriptions(options: EventsTransportOptions, deliver: Deliver): LiveSubscriptions {
  const { client, channelPrefix } = options;
  if (client.transport === 'nats') return new NatsSubscriptions(client.servers, client.secret, channelPrefix, deliver);
  if (client.transport === 'redis') return new RedisSubscriptions(client.redis, client.secret, channelPrefix, deliver);
  return new InProcessSubscriptions();
}
