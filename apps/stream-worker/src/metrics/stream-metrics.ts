import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The worker's Prometheus instruments, on a registry of its own (not prom-client's global one), so
 * two app instances in one process (tests, a warm Lambda) never collide on metric names.
 */
@Injectable()
export class StreamMetrics {
  readonly registry = new Registry();

  readonly recordsRead = new Counter({
    name: 'stream_worker_records_read_total',
    help: 'Stream records handed to pattern E (every entity and event type).',
    registers: [this.registry],
  });

  readonly recordsHandled = new Counter({
    name: 'stream_worker_records_handled_total',
    help: 'Stream records pattern E finished with, by outcome: moved (a summary moved), unchanged (already there or newer), superseded (a newer message of the same group in the batch was applied), changed (an edit or delete applied to the change feeds and summaries), ignored (neither a MSG insert nor a change of one).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly recordFailures = new Counter({
    name: 'stream_worker_record_failures_total',
    help: 'Stream records that can never apply (malformed, orphan, non-member sender), written to the dead-letter store; logged with their sequence number.',
    registers: [this.registry],
  });

  readonly recordRetries = new Counter({
    name: 'stream_worker_record_retries_total',
    help: 'Tries of a record that failed retryably (throttling, outage, conflict); it is tried again for as long as that lasts.',
    registers: [this.registry],
  });

  readonly shardStalled = new Gauge({
    name: 'stream_worker_shard_stalled',
    help: '1 while a shard waits on a record that keeps failing retryably (nothing after it is checkpointed), else 0.',
    labelNames: ['shard'] as const,
    registers: [this.registry],
    collect: () => this.refresh(),
  });

  readonly oldestUnappliedRecordAge = new Gauge({
    name: 'stream_worker_oldest_unapplied_record_age_seconds',
    help: 'Age of the oldest record of the shard that was read but is not applied yet (0 when caught up).',
    labelNames: ['shard'] as const,
    registers: [this.registry],
    collect: () => this.refresh(),
  });

  readonly iteratorAge = new Gauge({
    name: 'stream_worker_iterator_age_seconds',
    help: 'Age of the last record read from the shard when it was read (as Lambda reports IteratorAge).',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly summaryLag = new Histogram({
    name: 'stream_worker_group_summary_lag_seconds',
    help: "Time from a message's created_at to the moment its group summaries moved to it.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly eventEmitFailures = new Counter({
    name: 'stream_worker_event_emit_failures_total',
    help: 'Live-event publishes (message.created, message_group.updated) that failed (best effort: the record still counts as applied).',
    registers: [this.registry],
  });

  readonly leasesHeld = new Gauge({
    name: 'stream_worker_leases_held',
    help: 'Shard leases this worker holds now.',
    registers: [this.registry],
  });

  readonly checkpoints = new Counter({
    name: 'stream_worker_checkpoints_total',
    help: 'Checkpoints written after a batch was fully handled.',
    registers: [this.registry],
  });

  readonly trimmedData = new Counter({
    name: 'stream_worker_trimmed_data_total',
    help: 'Times a checkpoint pointed at records already trimmed from the stream (older than 24 h): those records were lost to this worker.',
    registers: [this.registry],
  });

  readonly expiredIterators = new Counter({
    name: 'stream_worker_expired_iterators_total',
    help: 'Shard iterators that expired and were reopened from the checkpoint.',
    registers: [this.registry],
  });

  readonly leaseTakeovers = new Counter({
    name: 'stream_worker_lease_takeovers_total',
    help: 'Leases taken by this worker, by kind: free (unowned or expired), stolen (to balance shards between workers) or reclaimed (its own, given up when renewing failed, while the lease table still named this worker).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly leasesLost = new Counter({
    name: 'stream_worker_leases_lost_total',
    help: 'Leases this worker lost to another (or could not renew in time).',
    registers: [this.registry],
  });

  private readonly refreshers = new Set<() => void>();

  /** `refresh` runs before each scrape, so ages that grow by themselves during a stall are current. */
  onScrape(refresh: () => void): () => void {
    this.refreshers.add(refresh);
    return () => this.refreshers.delete(refresh);
  }

  private refresh(): void {
    for (const refresh of this.refreshers) refresh();
  }

  constructor() {
    // Process metrics (RSS, heap, event-loop lag): what the operator watches next to the lag.
    collectDefaultMetrics({ register: this.registry });
  }
}
