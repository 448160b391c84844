import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type ConversationMembers,
  type LiveDelivery,
  type LiveEventPublisher,
  type LiveMessage,
  type LiveSummary,
  messageCreatedDeliveries,
  summaryUpdatedDeliveries,
} from '@app/live-events';
import { LIVE_EVENT_BROKER } from './events.constants';
import { LiveHub } from './live-hub';
import { PublishOrder, type PublishSlot } from './publish-order';

/** Log the first failure of a streak and then every this many, so a dead broker does not flood the log. */
const LOG_EVERY_NTH_FAILURE = 100;

/**
 * messages-api's side of publishing live events (the send path and the read routes). With a
 * broker the events go through it, so streams on every instance hear them (this instance's own
 * streams too, through their subscriptions); without one they go straight to this instance's hub.
 * Fire and forget: a send never waits for, or fails because of, a push. The stream-worker publishes
 * every stored message again from the table's stream, so a lost push is made good there.
 */
@Injectable()
export class LivePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(LivePublisher.name);
  private failureStreak = 0;
  private readonly order = new PublishOrder();

  constructor(
    @Inject(LIVE_EVENT_BROKER) private readonly broker: LiveEventPublisher | null,
    private readonly hub: LiveHub,
  ) {}

  /**
   * Takes a place in the conversation's publishing order; call before writing the message, then
   * `messageCreated` with the slot once stored (or `slot.cancel()` if the write failed).
   */
  reserve(messageGroupUuid: string): PublishSlot {
    return this.order.reserve(messageGroupUuid);
  }

  /** `message.created` to both members, right after the message is stored (in created_at order within the conversation). */
  messageCreated(slot: PublishSlot, message: LiveMessage, group: ConversationMembers): void {
    slot.ready(`${message.createdAt}#${message.messageUuid}`, () => this.publish(messageCreatedDeliveries(message, group)));
  }

  /** `message_group.updated` to the owner of each summary the send wrote, as written (returns at once). */
  summariesUpdated(summaries: readonly LiveSummary[]): void {
    if (summaries.length > 0) this.publish(summaryUpdatedDeliveries(summaries));
  }

  /**
   * Any deliveries, fire and forget; the read routes' `message_group.read` (docs/design.md §9) comes
   * through here (LiveReadEventsPublisher) once a marker moved.
   */
  publish(deliveries: LiveDelivery[]): void {
    if (!this.broker) {
      this.hub.deliver(deliveries);
      return;
    }
    this.broker.publish(deliveries).then(
      () => (this.failureStreak = 0),
      (error: unknown) => {
        if (this.failureStreak++ % LOG_EVERY_NTH_FAILURE !== 0) return;
        this.logger.warn(
          `could not publish live events (${this.failureStreak} failed in a row; the stream-worker will): ${(error as Error)?.message ?? error}`,
        );
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broker?.close();
  }
}
