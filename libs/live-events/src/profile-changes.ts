import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { connectNats, connectRedis, LazyConnection, type NatsConnection, type RedisConnectionOptions, secretDigest } from '@app/common';
import type { EventsTransportOptions } from './events-transport.config';
import { encodeSignedPacket, openSignedPacket } from './person-channel';

/** A person's profile as it is after a change (docs/design.md §12), announced to every messages-api instance. */
export interface ProfileChanged {
  uuid: string;
  handle: string;
  display_name: string;
  profile_version: number;
}

/** Where an instance hands the profile changes it hears of (its identity cache and profile directory). */
export type OnProfileChanged = (change: ProfileChanged) => void;

/**
 * Profile changes between messages-api instances, over the live events' broker (EVENTS_TRANSPORT nats or
 * redis): one subject (channel) every instance subscribes to, `<EVENTS_CHANNEL_PREFIX>profiles`, unlike
 * the per-person live events, because every instance may have the person cached. Each packet carries
 * EVENTS_TRANSPORT_SECRET, checked before anything is believed. Best effort: a lost packet leaves an
 * instance's cache at most its TTL behind.
 */
export interface ProfileChangeBroadcast {
  /** Subscribes; resolves once the broker has the subscription. */
  start(): Promise<void>;
  /** Announces a change to every instance (this one included, through its subscription). */
  publish(change: ProfileChanged): Promise<void>;
  close(): Promise<void>;
}

export const profileChannel = (prefix: string): string => `${prefix}profiles`;

function encode(secret: string, change: ProfileChanged): string {
  return encodeSignedPacket(secret, { change });
}

/** The change a packet carries if it has the secret and the right shape; otherwise null. */
export function decodeProfileChange(text: string, expectedSecretDigest: Buffer): ProfileChanged | null {
  const change = openSignedPacket(text, expectedSecretDigest)?.change;
  if (typeof change !== 'object' || change === null) return null;
  const { uuid, handle, display_name: displayName, profile_version: version } = change as Record<string, unknown>;
  if (typeof uuid !== 'string' || typeof handle !== 'string' || typeof displayName !== 'string') return null;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return null;
  return { uuid, handle, display_name: displayName, profile_version: version };
}

class NatsProfileChanges implements ProfileChangeBroadcast {
  private readonly logger = new Logger('ProfileChanges');
  private readonly connection: LazyConnection<NatsConnection>;
  private readonly digest: Buffer;

  constructor(
    servers: string[],
    private readonly secret: string,
    private readonly channel: string,
    private readonly onChange: OnProfileChanged,
  ) {
    this.digest = secretDigest(secret);
    this.connection = new LazyConnection(
      () => connectNats({ servers, maxReconnectAttempts: -1, name: 'messages-api profile changes' }),
      (error) => this.logger.warn(`NATS: ${error.message}`),
    );
  }

  async start(): Promise<void> {
    const nats = await this.connection.get();
    nats.subscribe(this.channel, {
      callback: (error: Error | null, message: { string(): string }) => {
        if (error) return this.logger.warn(`NATS subscription: ${error.message}`);
        const change = decodeProfileChange(message.string(), this.digest);
        if (change) this.onChange(change);
        else this.logger.warn('dropped a profile change without the right EVENTS_TRANSPORT_SECRET');
      },
    });
    await nats.flush();
  }

  async publish(change: ProfileChanged): Promise<void> {
    (await this.connection.get()).publish(this.channel, encode(this.secret, change));
  }

  async close(): Promise<void> {
    await this.connection.close((nats) => nats.drain());
  }
}

class RedisProfileChanges implements ProfileChangeBroadcast {
  private readonly logger = new Logger('ProfileChanges');
  private readonly digest: Buffer;
  /** Redis pub/sub needs a connection of its own for subscribing. */
  private readonly subscriber: LazyConnection<Redis>;
  private readonly publisher: LazyConnection<Redis>;

  constructor(
    redis: RedisConnectionOptions,
    private readonly secret: string,
    private readonly channel: string,
    private readonly onChange: OnProfileChanged,
    timeoutMs: number,
  ) {
    this.digest = secretDigest(secret);
    const warn = (role: string) => (error: Error) => this.logger.warn(`Redis ${role}: ${error.message}`);
    this.subscriber = new LazyConnection(() =>
      connectRedis({ ...redis, maxRetriesPerRequest: null }, (connection) => {
        connection.on('error', warn('subscriber'));
        connection.on('message', (channel: string, text: string) => {
          if (channel !== this.channel) return;
          const change = decodeProfileChange(text, this.digest);
          if (change) this.onChange(change);
          else this.logger.warn('dropped a profile change without the right EVENTS_TRANSPORT_SECRET');
        });
      }),
    );
    this.publisher = new LazyConnection(() =>
      connectRedis({ ...redis, maxRetriesPerRequest: 1, commandTimeout: timeoutMs }, (connection) =>
        connection.on('error', warn('publisher')),
      ),
    );
  }

  async start(): Promise<void> {
    await (await this.subscriber.get()).subscribe(this.channel);
  }

  async publish(change: ProfileChanged): Promise<void> {
    await (await this.publisher.get()).publish(this.channel, encode(this.secret, change));
  }

  async close(): Promise<void> {
    const quit = (redis: Redis) => redis.quit().catch(() => redis.disconnect());
    await Promise.all([this.subscriber.close(quit), this.publisher.close(quit)]);
  }
}

/**
 * The broadcast for the configured transport, or null for `none` and `tcp`: those run one
 * messages-api instance, which learns of its own changes in process.
 */
export function createProfileChangeBroadcast(options: EventsTransportOptions, onChange: OnProfileChanged): ProfileChangeBroadcast | null {
  const { client, channelPrefix, emitTimeoutMs } = options;
  const channel = profileChannel(channelPrefix);
  if (client.transport === 'nats') return new NatsProfileChanges(client.servers, client.secret, channel, onChange);
  if (client.transport === 'redis') return new RedisProfileChanges(client.redis, client.secret, channel, onChange, emitTimeoutMs);
  return null;
}
