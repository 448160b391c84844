import { Inject, Injectable, Logger } from '@nestjs/common';
import { DdbError, type Message, MessagingTable, messageKeys, type SummaryUpdate } from '@app/ddb';
import { pause, retryDelayMs } from '../backoff';
import { GroupEventsPublisher } from '../events/group-events.publisher';
import { StreamMetrics } from '../metrics/stream-metrics';
import { type ChangeRecord, intentOf } from './change-record';
import { groupSummariesConfig, type GroupSummariesOptions } from './group-summaries.config';

/** A record pattern E gave up on: its sequence number (what Lambda's batchItemFailures wants) and why. */
export interface FailedRecord {
  sequenceNumber: string;
  reason: string;
}

export interface BatchResult {
  moved: number;
  unchanged: number;
  superseded: number;
  ignored: number;
  failed: FailedRecord[];
}

/** The batch was abandoned because the worker is stopping; it was not checkpointed and will be replayed. */
export class BatchAbortedError extends Error {
  readonly code = 'batch_aborted';
}

interface Candidate {
  record: ChangeRecord;
  message: Message;
  position: string;
}

/**
 * Pattern E for one batch of stream records, the same for the poller and the Lambda entry: every
 * INSERT of a MSG item moves both members' GRP items to that message (through libs/ddb, monotonic
 * and idempotent); everything else is ignored.
 *
 * Groups are independent, so they are updated concurrently; within a group the newest message is
 * applied first, after which the group's older messages in the batch are `superseded` without a
 * DynamoDB call (the move is monotonic, so applying them could only ever say `unchanged`). A record
 * that fails is retried with jittered backoff while its error is retryable and, past the attempt
 * limit, recorded as failed so it cannot block its shard; the group's next-newest message is then
 * tried instead.
 */
@Injectable()
export class UpdateGroupSummariesService {
  private readonly logger = new Logger(UpdateGroupSummariesService.name);

  constructor(
    private readonly table: MessagingTable,
    @Inject(groupSummariesConfig.KEY) private readonly options: GroupSummariesOptions,
    private readonly metrics: StreamMetrics,
    private readonly events: GroupEventsPublisher,
  ) {}

  /** Handles every record; resolves once each is applied, ignored or failed. Rejects only with BatchAbortedError. */
  async handleBatch(records: ChangeRecord[], signal?: AbortSignal): Promise<BatchResult> {
    const result: BatchResult = { moved: 0, unchanged: 0, superseded: 0, ignored: 0, failed: [] };
    this.metrics.recordsRead.inc(records.length);
    const byGroup = new Map<string, Candidate[]>();
    for (const intent of records.map(intentOf)) {
      if (intent.kind === 'ignore') {
        result.ignored += 1;
      } else if (intent.kind === 'reject') {
        this.fail(result, intent.record, intent.reason);
      } else {
        const { message } = intent;
        const candidates = byGroup.get(message.messageGroupUuid) ?? [];
        candidates.push({ record: intent.record, message, position: messageKeys.sort(message.createdAt, message.messageUuid) });
        byGroup.set(message.messageGroupUuid, candidates);
      }
    }
    await forEachLimited([...byGroup.values()], this.options.concurrency, (candidates) =>
      this.applyNewestOf(candidates, result, signal),
    );
    if (signal?.aborted) throw new BatchAbortedError('batch abandoned: the worker is stopping');
    this.metrics.recordsHandled.inc({ outcome: 'ignored' }, result.ignored);
    this.metrics.recordsHandled.inc({ outcome: 'superseded' }, result.superseded);
    return result;
  }

  private async applyNewestOf(candidates: Candidate[], result: BatchResult, signal?: AbortSignal): Promise<void> {
    candidates.sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0));
    for (const [index, candidate] of candidates.entries()) {
      if (signal?.aborted) return;
      let outcome: SummaryUpdate;
      try {
        outcome = await this.applyWithRetries(candidate.message, signal);
      } catch (error) {
        if (signal?.aborted) return;
        this.fail(result, candidate.record, (error as Error).message);
        continue;
      }
      this.applied(candidate.message, outcome, result);
      result.superseded += candidates.length - index - 1;
      return;
    }
  }

  private async applyWithRetries(message: Message, signal?: AbortSignal): Promise<SummaryUpdate> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.table.updateGroupSummary(message);
      } catch (error) {
        const retryable = error instanceof DdbError ? error.retryable : true;
        if (!retryable || attempt >= this.options.maxAttempts) throw error;
        this.metrics.recordRetries.inc();
        if (!(await pause(retryDelayMs(attempt - 1, this.options.retry), signal))) throw error;
      }
    }
  }

  private applied(message: Message, outcome: SummaryUpdate, result: BatchResult): void {
    this.metrics.recordsHandled.inc({ outcome });
    if (outcome === 'unchanged') {
      result.unchanged += 1;
      return;
    }
    result.moved += 1;
    this.metrics.summaryLag.observe(Math.max(0, Date.now() - Date.parse(message.createdAt)) / 1000);
    this.events.groupUpdated(message);
  }

  private fail(result: BatchResult, record: ChangeRecord, reason: string): void {
    result.failed.push({ sequenceNumber: record.sequenceNumber, reason });
    this.metrics.recordFailures.inc();
    this.logger.error(`stream record ${record.sequenceNumber} failed and is skipped: ${reason}`);
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
