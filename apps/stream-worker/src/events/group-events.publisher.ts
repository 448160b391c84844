import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ConversationMembers, groupUpdatedDeliveries, type LiveDelivery, type LiveEventPublisher, messageCreatedDeliveries } from '@app/common';
import { type Message, type MessageGroup, MessagingTable } from '@app/ddb';
import { LRUCache } from 'lru-cache';
import { StreamMetrics } from '../metrics/stream-metrics';
import { LIVE_EVENT_PUBLISHER } from './events.constants';

/** Log the first failure of a streak and then every this many, so a dead transport does not flood the log. */
const LOG_EVERY_NTH_FAILURE = 100;

/**
 * The worker's live events (docs/design.md §8), the guarantee behind the send path's own push: for every
 * MSG insert it handles, `message.created` to both members (a message stored by an instance that
 * died before publishing still reaches the streams), in created_at order within the group; and once
 * pattern E moved a group's summaries, `message_group.updated` to each member as their list item
 * (with their `unread_count`).
 *
 * Membership never changes, so the members of a group are read once (strongly consistent) and
 * remembered. Best effort by design: a push that fails is logged and counted, and never delays,
 * fails or retries the stream record that caused it (streams resume from DynamoDB anyway).
 */
@Injectable()
export class GroupEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(GroupEventsPublisher.name);
  private readonly members = new LRUCache<string, ConversationMembers>({ max: 10_000 });
  private failureStreak = 0;

  constructor(
    @Inject(LIVE_EVENT_PUBLISHER) private readonly publisher: LiveEventPublisher | null,
    private readonly table: MessagingTable,
    private readonly metrics: StreamMetrics,
  ) {}

  /** `message.created` for these messages of one group (oldest first), then `message_group.updated` if the summaries moved to `movedTo`. Returns at once. */
  published(messages: Message[], movedTo: Message | null): void {
    if (!this.publisher || messages.length === 0) return;
    void this.publish(messages, movedTo);
  }

  private async publish(messages: Message[], movedTo: Message | null): Promise<void> {
    const groupUuid = messages[0].messageGroupUuid;
    try {
      const group = await this.membersOf(groupUuid);
      const ordered = [...messages].sort((a, b) => (a.createdAt === b.createdAt ? a.messageUuid.localeCompare(b.messageUuid) : a.createdAt < b.createdAt ? -1 : 1));
      const deliveries: LiveDelivery[] = ordered.flatMap((message) => messageCreatedDeliveries(message, group));
      if (movedTo) deliveries.push(...groupUpdatedDeliveries(movedTo, group, await this.unreadCounts(group)));
      await this.publisher!.publish(deliveries);
      this.failureStreak = 0;
    } catch (error) {
      this.metrics.eventEmitFailures.inc();
      if (this.failureStreak++ % LOG_EVERY_NTH_FAILURE !== 0) return;
      this.logger.warn(`could not publish live events of group ${groupUuid} (${this.failureStreak} failed in a row): ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /** Each member's unread count of the group (strongly consistent), or none if they cannot be read: the items then go without it. */
  private async unreadCounts(group: ConversationMembers): Promise<Map<string, number> | undefined> {
    try {
      const states = await Promise.all(group.members.map((member) => this.table.readStates(member.uuid, [group.messageGroupUuid])));
      return new Map(group.members.map((member, index) => [member.uuid, states[index].get(group.messageGroupUuid)?.unreadCount ?? 0]));
    } catch {
      return undefined;
    }
  }

  private async membersOf(messageGroupUuid: string): Promise<ConversationMembers> {
    const cached = this.members.get(messageGroupUuid);
    if (cached) return cached;
    const group: MessageGroup | null = await this.table.getMessageGroup(messageGroupUuid);
    if (!group) throw new Error(`group ${messageGroupUuid} not found`);
    const members = { messageGroupUuid, members: group.members };
    this.members.set(messageGroupUuid, members);
    return members;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher?.close();
  }
}
