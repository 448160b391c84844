import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type Message, MessagingTable, messageKeys, type SummaryMove, type SummaryUpdate } from '@app/ddb';
import { CodedError } from '@app/common';
import { GroupEventsPublisher } from '../events/group-events.publisher';
import { StreamMetrics } from '../metrics/stream-metrics';
import type { ChangeRecord } from '../record-processing/change-record';
import { classifyFailure, countedFailure, malformed } from '../record-processing/failure-policy';
import { forEachLimited } from '../record-processing/for-each-limited';
import type { RecordOutcome, ShardRecordProcessor } from '../record-processing/shard-record-processor.port';
import { groupSummariesConfig, type GroupSummariesOptions } from './group-summaries.config';
import { type FirstMessageRecord, ProfileFanoutService, type ProfileRecord } from '../profiles/profile-fanout.service';
import { intentOf } from './record-intent';

/** The batch was abandoned because the worker is stopping; it was not checkpointed and will be replayed. */
export class BatchAbortedError extends CodedError {
  readonly code = 'batch_aborted';
}

interface Candidate {
  record: ChangeRecord;
  message: Message;
  position: string;
}

/**
 * Pattern E as the stream's record processor, the same for the poller and the Lambda entry: every
 * INSERT of a MSG item moves both members' GRP items to that message where they show an older one
 * (through libs/ddb, monotonic and idempotent); everything else is ignored.
 *
 * Groups are independent, so they are updated concurrently; within a group the newest message is
 * applied first, after which the group's older messages in the batch are superseded without a
 * DynamoDB call (the move is monotonic, so applying them could only ever say `unchanged`). Each
 * record gets one try per call; what a failure means (wait for it, or dead-letter it) is the
 * failure policy's, and retrying is the caller's. If a group's newest message can never apply
 * (its sender is not a member), the next-newest is tried; if it failed retryably, the group's
 * older messages wait with it (they are superseded once it applies).
 */
@Injectable()
export class UpdateGroupSummariesService implements ShardRecordProcessor {
  private readonly logger = new Logger(UpdateGroupSummariesService.name);

  constructor(
    private readonly table: MessagingTable,
    @Inject(groupSummariesConfig.KEY) private readonly options: GroupSummariesOptions,
    private readonly metrics: StreamMetrics,
    private readonly events: GroupEventsPublisher,
    /** Profile changes (docs/design.md §12); without it (a test's bare processor) PROFILE records are ignored. */
    @Optional() private readonly profiles?: ProfileFanoutService,
  ) {}

  async processRecords(records: ChangeRecord[], signal?: AbortSignal): Promise<RecordOutcome[]> {
    const outcomes = new Map<string, RecordOutcome>();
    this.metrics.recordsRead.inc(records.length);
    const byGroup = new Map<string, Candidate[]>();
    const changesByGroup = new Map<string, Candidate[]>();
    const profiles: ProfileRecord[] = [];
    const firsts: FirstMessageRecord[] = [];
    for (const intent of records.map(intentOf)) {
      const { sequenceNumber } = intent.record;
      if (intent.kind === 'profile' && this.profiles) {
        profiles.push(intent);
      } else if (intent.kind === 'ignore' || intent.kind === 'profile') {
        this.metrics.recordsHandled.inc({ outcome: 'ignored' });
        outcomes.set(sequenceNumber, { kind: 'applied', sequenceNumber });
      } else if (intent.kind === 'reject') {
        outcomes.set(sequenceNumber, this.failed(malformed(sequenceNumber, intent.reason)));
      } else if (intent.kind === 'change') {
        const { message } = intent;
        const changes = changesByGroup.get(message.messageGroupUuid) ?? [];
        changes.push({ record: intent.record, message, position: intent.record.sequenceNumber });
        changesByGroup.set(message.messageGroupUuid, changes);
      } else {
        const { message } = intent;
        if (message.sequence?.seq === 1) firsts.push({ record: intent.record, message });
        const candidates = byGroup.get(message.messageGroupUuid) ?? [];
        candidates.push({ record: intent.record, message, position: messageKeys.sort(message.createdAt, message.messageUuid) });
        byGroup.set(message.messageGroupUuid, candidates);
      }
    }
    await forEachLimited([...byGroup.values()], this.options.concurrency, (candidates) => this.applyNewestOf(candidates, outcomes, signal));
    // Edits and deletes after the group's new messages (a change follows its message in the stream).
    await forEachLimited([...changesByGroup.entries()], this.options.concurrency, ([group, changes]) => {
      const waiting = byGroup.get(group)?.some((candidate) => outcomes.get(candidate.record.sequenceNumber)?.kind === 'retryable');
      return this.applyChanges(changes, outcomes, waiting ? 'a new message of its group is waiting' : undefined, signal);
    });
    await this.profiles?.apply(profiles, outcomes, signal);
    // New conversations whose first message's names a profile change may have overtaken.
    await this.profiles?.checkNewConversations(
      firsts.filter(({ record }) => outcomes.get(record.sequenceNumber)?.kind === 'applied'),
      outcomes,
    );
    if (signal?.aborted) throw new BatchAbortedError('batch abandoned: the worker is stopping');
    return records.map((record) => outcomes.get(record.sequenceNumber)!);
  }

  private async applyNewestOf(candidates: Candidate[], outcomes: Map<string, RecordOutcome>, signal?: AbortSignal): Promise<void> {
    candidates.sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0));
    for (const [index, candidate] of candidates.entries()) {
      if (signal?.aborted) return;
      const { sequenceNumber } = candidate.record;
      let move: SummaryMove;
      try {
        move = await this.table.updateGroupSummary(candidate.message);
      } catch (error) {
        const outcome = this.failed(classifyFailure(sequenceNumber, error));
        outcomes.set(sequenceNumber, outcome);
        if (outcome.kind === 'permanent') continue;
        for (const older of candidates.slice(index + 1)) {
          outcomes.set(older.record.sequenceNumber, {
            kind: 'retryable',
            sequenceNumber: older.record.sequenceNumber,
            reason: 'a newer message of its group is waiting',
          });
        }
        return;
      }
      this.applied(candidate.message, move.update);
      // Every applied message is pushed live (the superseded older ones too), oldest first, then the summaries it moved.
      this.events.published(
        candidates.slice(index).map((applied) => applied.message),
        move.moved,
      );
      outcomes.set(sequenceNumber, { kind: 'applied', sequenceNumber });
      const older = candidates.slice(index + 1);
      for (const superseded of older)
        outcomes.set(superseded.record.sequenceNumber, { kind: 'applied', sequenceNumber: superseded.record.sequenceNumber });
      this.metrics.recordsHandled.inc({ outcome: 'superseded' }, older.length);
      await this.markOtherSenderRead(candidate.message, older, outcomes);
      return;
    }
  }

  /**
   * Edits and deletes of one group's messages, in stream order (docs/design.md §12): each applied
   * through libs/ddb (idempotent), then announced to both members. A change that failed retryably
   * holds back the group's later ones, as an unapplied new message of the group holds back all.
   */
  private async applyChanges(
    changes: Candidate[],
    outcomes: Map<string, RecordOutcome>,
    waitingFor: string | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    for (const change of changes) {
      const { sequenceNumber } = change.record;
      if (signal?.aborted) return;
      if (waitingFor) {
        outcomes.set(sequenceNumber, { kind: 'retryable', sequenceNumber, reason: waitingFor });
        continue;
      }
      try {
        const changed = await this.table.applyMessageChange(change.message);
        this.metrics.recordsHandled.inc({ outcome: 'changed' });
        this.events.changed(change.message, changed);
        outcomes.set(sequenceNumber, { kind: 'applied', sequenceNumber });
      } catch (error) {
        const outcome = this.failed(classifyFailure(sequenceNumber, error));
        outcomes.set(sequenceNumber, outcome);
        if (outcome.kind === 'retryable') waitingFor = 'an earlier change of its group is waiting';
      }
    }
  }

  /**
   * Sending marks read: the summaries are at the newest message, but the other member's newest
   * message of the batch must still move that member's read marker (pattern E does so, forward only).
   */
  private async markOtherSenderRead(newest: Message, older: Candidate[], outcomes: Map<string, RecordOutcome>): Promise<void> {
    const index = older.findIndex((candidate) => candidate.message.sender.uuid !== newest.sender.uuid);
    if (index === -1) return;
    try {
      await this.table.updateGroupSummary(older[index].message);
    } catch (error) {
      const outcome = this.failed(classifyFailure(older[index].record.sequenceNumber, error));
      if (outcome.kind !== 'retryable') return;
      for (const waiting of older.slice(index)) {
        outcomes.set(waiting.record.sequenceNumber, {
          kind: 'retryable',
          sequenceNumber: waiting.record.sequenceNumber,
          reason: outcome.reason,
        });
      }
    }
  }

  private applied(message: Message, update: SummaryUpdate): void {
    this.metrics.recordsHandled.inc({ outcome: update });
    if (update === 'unchanged') return;
    this.metrics.summaryLag.observe(Math.max(0, Date.now() - Date.parse(message.createdAt)) / 1000);
  }

  private failed(outcome: RecordOutcome): RecordOutcome {
    return countedFailure(outcome, this.metrics, this.logger);
  }
}
