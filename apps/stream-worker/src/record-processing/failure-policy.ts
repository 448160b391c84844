import { type BackoffSettings, pause, retryDelayMs } from '@app/common';
import { type DeadLetter, DeadLetterReason, permanentFailureReason } from '@app/ddb';
import type { LoggerService } from '@nestjs/common';
import type { StreamMetrics } from '../metrics/stream-metrics';
import type { ChangeRecord } from './change-record';
import type { RecordOutcome, ShardRecordProcessor } from './shard-record-processor.port';

/**
 * The one failure policy of the poller and the Lambda entry (docs/design.md §10):
 * - a record that can never apply is written to the dead-letter store, and only then passed;
 * - a record that failed in a way that may go away is tried again, with capped backoff, for as
 *   long as the caller lets it (the poller: until shutdown or lease loss; Lambda: its time budget,
 *   then it reports the record so Lambda retries from there). Nothing after it is ever acknowledged.
 */

/** What an error thrown while applying `sequenceNumber` means for the record. */
export function classifyFailure(sequenceNumber: string, error: unknown): RecordOutcome {
  const reason = (error as Error)?.message ?? String(error);
  const reasonCode = permanentFailureReason(error);
  // Anything not known to be permanent is held, not skipped: a stalled shard is visible and recovers; a skipped message is lost.
  return reasonCode ? { kind: 'permanent', sequenceNumber, reasonCode, reason } : { kind: 'retryable', sequenceNumber, reason };
}

/**
 * A failed record's outcome, counted (`stream_worker_record_failures_total` for one that can never
 * apply, logged as it is dead-lettered; `stream_worker_record_retries_total` for one that waits).
 */
export function countedFailure(
  outcome: RecordOutcome,
  metrics: StreamMetrics,
  logger: LoggerService,
  what = 'stream record',
): RecordOutcome {
  if (outcome.kind === 'permanent') {
    metrics.recordFailures.inc();
    logger.error(`${what} ${outcome.sequenceNumber} can never apply (${outcome.reasonCode}), dead-lettering it: ${outcome.reason}`);
  } else if (outcome.kind === 'retryable') {
    metrics.recordRetries.inc();
  }
  return outcome;
}

/** A record whose image cannot be read as what it claims to be. */
export function malformed(sequenceNumber: string, reason: string): Extract<RecordOutcome, { kind: 'permanent' }> {
  return { kind: 'permanent', sequenceNumber, reasonCode: DeadLetterReason.MalformedRecord, reason };
}

/** Where dead letters go (the DeadLetterStore in production). */
export interface DeadLetterSink {
  put(letter: DeadLetter): Promise<void>;
}

/** A record the policy is still waiting for, and why it waits. */
export interface UnsettledRecord {
  record: ChangeRecord;
  reason: string;
}

export interface SettleOptions {
  processor: ShardRecordProcessor;
  deadLetters: DeadLetterSink;
  /** Where the records were read: a shard id, or (Lambda, which names no shard) the event source ARN. */
  source: string;
  backoff: BackoffSettings;
  signal?: AbortSignal;
  /** Asked before each retry; false leaves the remaining records unsettled (lease lost, time budget spent). */
  keepTrying(): boolean;
  /** Told after every attempt that left records waiting: the first of them, and how many attempts so far. */
  onWaiting?(first: UnsettledRecord, attempts: number): void;
  now?: () => Date;
}

/** How a batch ended: records still waiting (retryable, in stream order; empty when all settled) and how many were dead-lettered. */
export interface Settlement {
  unsettled: UnsettledRecord[];
  deadLettered: number;
}

/**
 * Runs `records` through the processor until each is applied or dead-lettered, retrying only the
 * records that may still apply. A dead letter that cannot be written is itself a retryable
 * failure: the record is passed only once its dead letter is durable. Rejects only when the
 * processor does (the signal aborted).
 */
export async function settleRecords(records: ChangeRecord[], options: SettleOptions): Promise<Settlement> {
  const now = options.now ?? (() => new Date());
  let pending = records;
  let deadLettered = 0;
  for (let attempt = 0; ; attempt++) {
    const outcomes = await options.processor.processRecords(pending, options.signal);
    if (outcomes.length !== pending.length) throw new Error(`the processor gave ${outcomes.length} outcomes for ${pending.length} records`);
    const waiting: UnsettledRecord[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      const record = pending[index];
      if (outcome.kind === 'retryable') {
        waiting.push({ record, reason: outcome.reason });
      } else if (outcome.kind === 'permanent') {
        try {
          await options.deadLetters.put(deadLetterOf(record, outcome, options.source, now()));
          deadLettered += 1;
        } catch (error) {
          waiting.push({ record, reason: `could not write its dead letter: ${(error as Error).message}` });
        }
      }
    }
    if (waiting.length === 0) return { unsettled: [], deadLettered };
    options.onWaiting?.(waiting[0], attempt + 1);
    const retry = options.keepTrying() && (await pause(retryDelayMs(attempt, options.backoff), options.signal)) && options.keepTrying();
    if (!retry) return { unsettled: waiting, deadLettered };
    pending = waiting.map((entry) => entry.record);
  }
}

/** The dead letter of a record that can never apply. */
export function deadLetterOf(
  record: Pick<ChangeRecord, 'sequenceNumber' | 'newImage'> & { eventName: string },
  outcome: RecordOutcome,
  source: string,
  at: Date,
): DeadLetter {
  if (outcome.kind !== 'permanent') throw new Error(`record ${record.sequenceNumber} is not a permanent failure`);
  return {
    sequenceNumber: record.sequenceNumber,
    shardId: source,
    reasonCode: outcome.reasonCode as DeadLetter['reasonCode'],
    reason: outcome.reason,
    eventName: record.eventName,
    newImage: record.newImage,
    deadLetteredAt: at.toISOString(),
    replayAttempts: 0,
  };
}
