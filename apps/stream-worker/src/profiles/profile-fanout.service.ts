import { Inject, Injectable, Logger } from '@nestjs/common';
import { type GroupSummary, type Message, MessagingTable, type ProfileCopy } from '@app/ddb';
import { GroupEventsPublisher } from '../events/group-events.publisher';
import { groupSummariesConfig, type GroupSummariesOptions } from '../group-summaries/group-summaries.config';
import { StreamMetrics } from '../metrics/stream-metrics';
import type { ChangeRecord } from '../record-processing/change-record';
import { classifyFailure, countedFailure } from '../record-processing/failure-policy';
import { forEachLimited } from '../record-processing/for-each-limited';
import type { RecordOutcome } from '../record-processing/shard-record-processor.port';

/** A new conversation's first message, and the record that brought it. */
export interface FirstMessageRecord {
  record: ChangeRecord;
  message: Message;
}

/** One PROFILE record of a batch. */
export interface ProfileRecord {
  record: ChangeRecord;
  profile: ProfileCopy;
}

/**
 * Profile changes into conversation lists (docs/design.md §12): for each person whose PROFILE copy a
 * batch inserts or modifies, the summaries the *other* members keep of their conversations
 * (`GRP#{other}` / `GROUP#{g}`, which show the person's name) get the new name, found without a
 * scan: one Query of the person's own GRP partition (their conversations, paged) gives each
 * conversation and its other member; each of those summaries is then updated once, conditioned on
 * its `user_profile_version` moving forward (2 WCU with its index write). Replays, duplicates and two
 * changes in either order leave the latest; a person's older changes in the batch are superseded by
 * their newest. Each summary that moved is announced as `message_group.updated` to its owner.
 * A failure holds the person's records (retryable) or dead-letters them (permanent), as for messages.
 */
@Injectable()
export class ProfileFanoutService {
  private readonly logger = new Logger(ProfileFanoutService.name);

  constructor(
    private readonly table: MessagingTable,
    @Inject(groupSummariesConfig.KEY) private readonly options: GroupSummariesOptions,
    private readonly metrics: StreamMetrics,
    private readonly events: GroupEventsPublisher,
  ) {}

  /** Applies each person's newest change among `records`, setting every record's outcome. */
  async apply(records: ProfileRecord[], outcomes: Map<string, RecordOutcome>, signal?: AbortSignal): Promise<void> {
    const byPerson = new Map<string, ProfileRecord[]>();
    for (const entry of records) {
      const own = byPerson.get(entry.profile.person.uuid) ?? [];
      own.push(entry);
      byPerson.set(entry.profile.person.uuid, own);
    }
    for (const own of byPerson.values()) {
      if (signal?.aborted) return;
      const newest = own.reduce((best, entry) => (entry.profile.version > best.profile.version ? entry : best));
      try {
        const moved = await this.copyIntoSummaries(newest.profile, signal);
        this.events.summariesUpdated(moved);
        this.metrics.recordsHandled.inc({ outcome: 'profile' }, own.length);
        for (const { record } of own) outcomes.set(record.sequenceNumber, { kind: 'applied', sequenceNumber: record.sequenceNumber });
      } catch (error) {
        for (const { record } of own) outcomes.set(record.sequenceNumber, this.failed(classifyFailure(record.sequenceNumber, error)));
      }
    }
  }

  /**
   * New conversations (their first message, `seq` 1) against their members' profile copies: a first
   * message stamped with a name its sender (or recipient) had just changed — by an instance that had
   * not heard of the change yet — may commit after the change's fan-out queried that person's
   * conversations, and would show the old name for good. One strongly consistent BatchGetItem of the
   * batch's new members' PROFILE items (1 RCU each); only for a member with a copy, a read of the
   * summary that shows them (1 RCU) and, only if it shows another name, the forward-only copy
   * (2 WCU). A failure makes the record's outcome retryable or permanent, as any other.
   */
  async checkNewConversations(firsts: FirstMessageRecord[], outcomes: Map<string, RecordOutcome>): Promise<void> {
    if (firsts.length === 0) return;
    const membersOf = (message: Message) => Object.keys(message.sequence?.countsAfter ?? {});
    let copies: Map<string, ProfileCopy>;
    try {
      copies = await this.table.profileCopies([...new Set(firsts.flatMap(({ message }) => membersOf(message)))], { consistent: true });
    } catch (error) {
      for (const { record } of firsts) outcomes.set(record.sequenceNumber, this.failed(classifyFailure(record.sequenceNumber, error)));
      return;
    }
    if (copies.size === 0) return;
    for (const { record, message } of firsts) {
      const members = membersOf(message);
      try {
        const moved: GroupSummary[] = [];
        for (const member of members) {
          const copy = copies.get(member);
          const viewer = members.find((other) => other !== member);
          if (!copy || !viewer) continue;
          const summary = await this.table.summary(viewer, message.messageGroupUuid);
          if (
            !summary ||
            (summary.otherPerson.displayName === copy.person.displayName && summary.otherPerson.handle === copy.person.handle)
          )
            continue;
          const copied = await this.table.copyProfileIntoSummary(viewer, message.messageGroupUuid, copy);
          if (copied) moved.push(copied);
        }
        this.events.summariesUpdated(moved);
      } catch (error) {
        outcomes.set(record.sequenceNumber, this.failed(classifyFailure(record.sequenceNumber, error)));
      }
    }
  }

  /** Every summary that shows the person to someone else, brought to this profile where it is older; those that moved. */
  private async copyIntoSummaries(profile: ProfileCopy, signal?: AbortSignal): Promise<GroupSummary[]> {
    const moved: GroupSummary[] = [];
    for await (const partners of this.table.conversationPartners(profile.person.uuid)) {
      await forEachLimited(partners, this.options.concurrency, async ({ otherUuid, messageGroupUuid }) => {
        if (signal?.aborted) return;
        const summary = await this.table.copyProfileIntoSummary(otherUuid, messageGroupUuid, profile);
        if (summary) moved.push(summary);
      });
    }
    return moved;
  }

  private failed(outcome: RecordOutcome): RecordOutcome {
    return countedFailure(outcome, this.metrics, this.logger, 'profile record');
  }
}
