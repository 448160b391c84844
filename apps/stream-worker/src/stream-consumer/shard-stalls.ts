import type { StreamMetrics } from '../metrics/stream-metrics';
import type { ChangeRecord } from '../record-processing/change-record';

interface Waiting {
  since: number;
  /** When the oldest unapplied record was written (its stream timestamp), or when the wait began if unknown. */
  oldestRecordAt: number;
  reason: string;
}

/**
 * Which shards wait on a record that keeps failing retryably, and for how long: `/ready` and the
 * metrics read it. A wait counts as a stall once it lasts `reportAfterMs`, so a single lost race
 * (retried within milliseconds) does not flip readiness.
 */
export class ShardStalls {
  private readonly waiting = new Map<string, Waiting>();

  constructor(
    private readonly metrics: Pick<StreamMetrics, 'shardStalled' | 'oldestUnappliedRecordAge' | 'iteratorAge' | 'onScrape'>,
    private readonly reportAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {
    metrics.onScrape(() => this.publish());
  }

  /** A page of records was read from the shard; `newest` is its last record. */
  read(shardId: string, newest: ChangeRecord): void {
    if (newest.approximateCreatedAt !== undefined) {
      this.metrics.iteratorAge.set({ shard: shardId }, Math.max(0, this.now() - newest.approximateCreatedAt) / 1000);
    }
  }

  /** The shard holds at `record` (the first record not applied yet), because of `reason`. */
  waitingOn(shardId: string, record: ChangeRecord, reason: string): void {
    const current = this.waiting.get(shardId);
    if (current) {
      current.reason = reason;
      return;
    }
    const since = this.now();
    this.waiting.set(shardId, { since, oldestRecordAt: record.approximateCreatedAt ?? since, reason });
  }

  /** Everything read from the shard is applied or dead-lettered. */
  caughtUp(shardId: string): void {
    this.waiting.delete(shardId);
    this.metrics.shardStalled.set({ shard: shardId }, 0);
    this.metrics.oldestUnappliedRecordAge.set({ shard: shardId }, 0);
  }

  /** The shard is no longer this worker's (lost, ended, stopped): its series go away with it. */
  forget(shardId: string): void {
    this.waiting.delete(shardId);
    for (const gauge of [this.metrics.shardStalled, this.metrics.oldestUnappliedRecordAge, this.metrics.iteratorAge])
      gauge.remove({ shard: shardId });
  }

  /** Shards stalled now, with how long and why (sorted by shard id). */
  stalled(): Array<{ shardId: string; stalledForMs: number; reason: string }> {
    const now = this.now();
    return [...this.waiting.entries()]
      .filter(([, waiting]) => now - waiting.since >= this.reportAfterMs)
      .map(([shardId, waiting]) => ({ shardId, stalledForMs: now - waiting.since, reason: waiting.reason }))
      .sort((a, b) => (a.shardId < b.shardId ? -1 : 1));
  }

  private publish(): void {
    const now = this.now();
    for (const [shardId, waiting] of this.waiting) {
      this.metrics.shardStalled.set({ shard: shardId }, now - waiting.since >= this.reportAfterMs ? 1 : 0);
      this.metrics.oldestUnappliedRecordAge.set({ shard: shardId }, Math.max(0, now - waiting.oldestRecordAt) / 1000);
    }
  }
}
