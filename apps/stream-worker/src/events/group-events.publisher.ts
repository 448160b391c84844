import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { ClientProxy } from '@nestjs/microservices';
import { timeout } from 'rxjs';
import type { Message } from '@app/ddb';
import { StreamMetrics } from '../metrics/stream-metrics';
import { eventsConfig } from './events.config';
import { GROUP_EVENTS_CLIENT, MESSAGE_GROUP_UPDATED } from './events.constants';

/** Payload of `message_group.updated`: which group moved, and the message both summaries now show. */
export interface MessageGroupUpdatedEvent {
  messageGroupUuid: string;
  messageUuid: string;
  message: string;
  createdAt: string;
  sender: { uuid: string; handle: string; displayName: string };
}

/** Log the first failure of a streak and then every this many, so a dead broker does not flood the log. */
const LOG_EVERY_NTH_FAILURE = 100;

/**
 * Emits `message_group.updated` after a summary moved. Best effort by design: the summary is the
 * truth and is already written; a push that fails is logged and counted, and never delays, fails or
 * retries the stream record that caused it.
 */
@Injectable()
export class GroupEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(GroupEventsPublisher.name);
  private failureStreak = 0;

  constructor(
    @Inject(GROUP_EVENTS_CLIENT) private readonly client: ClientProxy | null,
    @Inject(eventsConfig.KEY) private readonly config: ConfigType<typeof eventsConfig>,
    private readonly metrics: StreamMetrics,
  ) {}

  /** Fire and forget: returns at once, whatever the transport does. */
  groupUpdated(message: Message): void {
    if (!this.client) return;
    const event: MessageGroupUpdatedEvent = {
      messageGroupUuid: message.messageGroupUuid,
      messageUuid: message.messageUuid,
      message: message.message,
      createdAt: message.createdAt,
      sender: message.sender,
    };
    try {
      this.client
        .emit(MESSAGE_GROUP_UPDATED, event)
        .pipe(timeout(this.config.emitTimeoutMs))
        .subscribe({ complete: () => (this.failureStreak = 0), error: (error: unknown) => this.failed(message, error) });
    } catch (error) {
      this.failed(message, error);
    }
  }

  private failed(message: Message, error: unknown): void {
    this.metrics.eventEmitFailures.inc();
    if (this.failureStreak++ % LOG_EVERY_NTH_FAILURE !== 0) return;
    this.logger.warn(
      `could not emit ${MESSAGE_GROUP_UPDATED} for group ${message.messageGroupUuid} ` +
        `(${this.failureStreak} failed in a row): ${(error as Error)?.message ?? String(error)}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close();
  }
}
