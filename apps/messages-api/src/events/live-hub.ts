import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Deliver, LiveDelivery, LiveSubscriptions } from '@app/live-events';
import { LIVE_SUBSCRIPTIONS } from './events.constants';
import type { LiveConnection } from './live-connection';

/**
 * This instance's open streams by person, and the broker subscriptions that feed them: a person's
 * subject is subscribed while they have a stream here. Also where the per-person stream limit is
 * counted: per instance (a person can hold up to the limit on each instance; with N instances
 * behind a balancer, up to N × the limit in the worst case).
 */
@Injectable()
export class LiveHub implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(LiveHub.name);
  private readonly streams = new Map<string, Set<LiveConnection>>();
  private readonly subscriptions: LiveSubscriptions;

  constructor(@Inject(LIVE_SUBSCRIPTIONS) subscribe: (deliver: Deliver) => LiveSubscriptions) {
    this.subscriptions = subscribe((deliveries) => this.deliver(deliveries));
  }

  /** Open streams of a person on this instance. */
  streamCount(person: string): number {
    return this.streams.get(person)?.size ?? 0;
  }

  /** All open streams on this instance (metrics, the benchmark). */
  get totalStreams(): number {
    let total = 0;
    for (const set of this.streams.values()) total += set.size;
    return total;
  }

  /**
   * Registers a stream if its person has fewer than `limit` here (false otherwise), and resolves once
   * the person's events reach this instance. The stream unregisters itself when it closes.
   */
  async attach(connection: LiveConnection, limit: number): Promise<boolean> {
    const person = connection.person;
    const own = this.streams.get(person) ?? new Set<LiveConnection>();
    if (own.size >= limit) return false;
    own.add(connection);
    this.streams.set(person, own);
    connection.onClose(() => this.detach(connection));
    if (own.size === 1) {
      try {
        await this.subscriptions.add(person);
      } catch (error) {
        this.detach(connection);
        throw error;
      }
    }
    return true;
  }

  /** Hands each delivery to its person's streams here (none: nothing happens). */
  deliver(deliveries: LiveDelivery[]): void {
    for (const delivery of deliveries) {
      const own = this.streams.get(delivery.person);
      if (!own) continue;
      for (const connection of own) connection.deliver(delivery);
    }
  }

  private detach(connection: LiveConnection): void {
    const own = this.streams.get(connection.person);
    if (!own?.delete(connection) || own.size > 0) return;
    this.streams.delete(connection.person);
    this.subscriptions.remove(connection.person);
  }

  /** Before the HTTP server closes (it would otherwise wait on open streams): end them; clients resume elsewhere. */
  beforeApplicationShutdown(): void {
    for (const own of [...this.streams.values()]) for (const connection of [...own]) connection.close('server_shutdown');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriptions.close().catch((error: Error) => this.logger.warn(`closing live subscriptions: ${error.message}`));
  }
}
