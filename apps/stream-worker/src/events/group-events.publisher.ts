import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  type LiveDelivery,
  type LiveEventPublisher,
  messageChangedDeliveries,
  messageCreatedDeliveries,
  summaryUpdatedDeliveries,
} from '@app/live-events';
import type { GroupSummary, Message } from '@app/ddb';
import { StreamMetrics } from '../metrics/stream-metrics';
import { LIVE_EVENT_PUBLISHER } from './events.constants';

/** Log the first failure of a streak and then every this many, so a dead transport does not flood the log. */
const LOG_EVERY_NTH_FAILURE = 100;

/**
 * The worker's live events (docs/design.md §8), the guarantee behind the send path's own push: for every
 * MSG insert it handles, `message.created` to both members (a message stored by an instance that
 * died before publishing still reaches the streams), in created_at order within the group; and for
 * each summary pattern E moved, `message_group.updated` to its owner as their list item (with their
 * `unread_count`), from the summary as the move wrote it.
 *
 * It reads nothing: the members are the keys of the message's `counts_after`. Best effort by
 * design: a push that fails is logged and counted, and never delays, fails or retries the stream
 * record that caused it (streams resume from DynamoDB anyway).
 */
@Injectable()
export class GroupEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(GroupEventsPublisher.name);
  private failureStreak = 0;

  constructor(
    @Inject(LIVE_EVENT_PUBLISHER) private readonly publisher: LiveEventPublisher | null,
    private readonly metrics: StreamMetrics,
  ) {}

  /** `message.created` for these messages of one group (oldest first), then `message_group.updated` for the summaries moved. Returns at once. */
  published(messages: Message[], moved: GroupSummary[]): void {
    if (!this.publisher || messages.length === 0) return;
    void this.publish(messages, moved);
  }

  /** `message.updated` or `message.deleted` to both members, then `message_group.updated` for the summaries the change rewrote. Returns at once. */
  changed(message: Message, summaries: GroupSummary[]): void {
    void this.changedAndWait(message, summaries);
  }

  /** As `changed`, but settles once the push is done (or failed, counted): for a one-shot command that exits after. */
  async changedAndWait(message: Message, summaries: GroupSummary[]): Promise<void> {
    if (!this.publisher) return;
    const members = Object.keys(message.sequence?.countsAfter ?? {});
    await this.send(message.messageGroupUuid, [...messageChangedDeliveries(message, members), ...summaryUpdatedDeliveries(summaries)]);
  }

  /** `message_group.updated` to the owner of each summary a profile change moved (docs/design.md §12). Returns at once. */
  summariesUpdated(summaries: GroupSummary[]): void {
    if (!this.publisher || summaries.length === 0) return;
    void this.send(summaries[0].messageGroupUuid, summaryUpdatedDeliveries(summaries));
  }

  /** As `published`, but settles once the push is done (or failed, counted): for a one-shot command that exits after. */
  async publishAndWait(messages: Message[], moved: GroupSummary[]): Promise<void> {
    if (!this.publisher || messages.length === 0) return;
    await this.publish(messages, moved);
  }

  private async publish(messages: Message[], moved: GroupSummary[]): Promise<void> {
    const groupUuid = messages[0].messageGroupUuid;
    try {
      const ordered = [...messages].sort((a, b) =>
        a.createdAt === b.createdAt ? a.messageUuid.localeCompare(b.messageUuid) : a.createdAt < b.createdAt ? -1 : 1,
      );
      const deliveries: LiveDelivery[] = ordered.flatMap((message) =>
        messageCreatedDeliveries(message, { members: Object.keys(message.sequence?.countsAfter ?? {}).map((uuid) => ({ uuid })) }),
      );
      deliveries.push(...summaryUpdatedDeliveries(moved));
      await this.send(groupUuid, deliveries);
    } catch (error) {
      this.failedToSend(groupUuid, error);
    }
  }

  private async send(groupUuid: string, deliveries: LiveDelivery[]): Promise<void> {
    try {
      await this.publisher!.publish(deliveries);
      this.failureStreak = 0;
    } catch (error) {
      this.failedToSend(groupUuid, error);
    }
  }

  private failedToSend(groupUuid: string, error: unknown): void {
    this.metrics.eventEmitFailures.inc();
    if (this.failureStreak++ % LOG_EVERY_NTH_FAILURE !== 0) return;
    this.logger.warn(
      `could not publish live events of group ${groupUuid} (${this.failureStreak} failed in a row): ${(error as Error)?.message ?? String(error)}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher?.close();
  }
}
