import type { ChangeRecord } from './change-record';

/**
 * What became of one record (KCL vocabulary: the processor's verdict, which the consumer acts on).
 * - applied: done with it (moved, unchanged, superseded or ignored: the processor's business);
 * - retryable: it may apply later (throttling, an outage, a conflict): the shard waits for it;
 * - permanent: it can never apply (malformed, orphan, non-member): dead-lettered, then passed.
 */
export type RecordOutcome =
  | { kind: 'applied'; sequenceNumber: string }
  | { kind: 'retryable'; sequenceNumber: string; reason: string }
  | { kind: 'permanent'; sequenceNumber: string; reasonCode: string; reason: string };

/**
 * The consumer's port to whatever handles the records (the Kinesis Client Library's
 * `ShardRecordProcessor.processRecords`): the stream infrastructure depends on this, and pattern E
 * implements it, not the other way round.
 */
export interface ShardRecordProcessor {
  /**
   * One outcome per record, in the order given; never rejects for a record's failure. Rejects
   * only when `signal` aborts (the worker is stopping): nothing is checkpointed and it replays.
   */
  processRecords(records: ChangeRecord[], signal?: AbortSignal): Promise<RecordOutcome[]>;
}

export const SHARD_RECORD_PROCESSOR = Symbol('SHARD_RECORD_PROCESSOR');
