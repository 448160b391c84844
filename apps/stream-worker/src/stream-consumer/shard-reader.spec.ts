import { StreamMetrics } from '../metrics/stream-metrics';
import type { ChangeRecord } from '../record-processing/change-record';
import type { RecordOutcome } from '../record-processing/shard-record-processor.port';
import { Checkpoint } from './lease';
import { ShardReader, type ShardReaderDeps } from './shard-reader';
import { ShardStalls } from './shard-stalls';
import {
  ExpiredIteratorError,
  type RecordsPage,
  ShardNotFoundError,
  type StartPosition,
  type StreamSource,
  StreamThrottledError,
  TrimmedDataError,
} from './stream-source.port';

const seq = (n: number) => String(n).padStart(21, '0');
const applied = (record: ChangeRecord): RecordOutcome => ({ kind: 'applied', sequenceNumber: record.sequenceNumber });
const records = (from: number, to: number): ChangeRecord[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ sequenceNumber: seq(from + i), eventName: 'REMOVE' as const }));

/** One shard in memory. Iterators are `position`s into its records; failures can be queued per call. */
class FakeShard implements StreamSource {
  records: ChangeRecord[] = [];
  closed = false;
  trimmedBefore = 0;
  opened: StartPosition[] = [];
  failNextGetRecords: Error[] = [];
  failNextIterator: Error[] = [];

  async latestStreamArn() {
    return 'arn';
  }
  async listShards() {
    return [{ shardId: 'shard', closed: this.closed }];
  }
  async shardIterator(_arn: string, _shardId: string, position: StartPosition): Promise<string> {
    this.opened.push(position);
    const failure = this.failNextIterator.shift();
    if (failure) throw failure;
    if (position.type === 'TRIM_HORIZON') return String(this.trimmedBefore);
    if (position.type === 'LATEST') return String(this.records.length);
    const index = this.records.findIndex((record) => record.sequenceNumber === position.sequenceNumber);
    if (index < this.trimmedBefore) throw new TrimmedDataError('trimmed');
    return String(index + 1);
  }
  async getRecords(iterator: string, limit: number): Promise<RecordsPage> {
    const failure = this.failNextGetRecords.shift();
    if (failure) throw failure;
    const from = Number(iterator);
    const page = this.records.slice(from, from + limit);
    const next = from + page.length;
    return { records: page, nextIterator: this.closed && next >= this.records.length ? null : String(next) };
  }
}

describe('ShardReader', () => {
  let shard: FakeShard;
  let handled: string[][];
  let checkpoints: string[];
  let held: boolean;
  let deps: ShardReaderDeps;
  let metrics: StreamMetrics;
  let deadLettered: string[];
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

  beforeEach(() => {
    shard = new FakeShard();
    handled = [];
    checkpoints = [];
    held = true;
    deadLettered = [];
    metrics = new StreamMetrics();
    deps = {
      source: shard,
      processor: {
        processRecords: async (batch) => {
          handled.push(batch.map((record) => record.sequenceNumber));
          return batch.map(applied);
        },
      },
      deadLetters: { put: async (letter) => void deadLettered.push(letter.sequenceNumber) },
      stalls: new ShardStalls(metrics, 0),
      checkpoint: async (_shardId, checkpoint) => {
        if (!held) return false;
        checkpoints.push(checkpoint);
        return true;
      },
      isHeld: () => held,
      metrics,
      logger: silent,
      settings: {
        batchSize: 2,
        pollIntervalMs: 0,
        idlePoll: { baseMs: 1, capMs: 2 },
        errorBackoff: { baseMs: 1, capMs: 2 },
        recordRetry: { baseMs: 1, capMs: 2 },
      },
    };
  });

  const counter = async (name: string) => Number((await metrics.registry.getSingleMetricAsString(name)).trim().split(' ').pop());

  it('reads a closed shard to its end in batches, checkpointing each, then SHARD_END', async () => {
    shard.records = records(1, 5);
    shard.closed = true;
    const end = await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal);
    expect(end).toBe('shard-ended');
    expect(handled).toEqual([[seq(1), seq(2)], [seq(3), seq(4)], [seq(5)]]);
    expect(checkpoints).toEqual([seq(2), seq(4), seq(5), Checkpoint.ShardEnd]);
  });

  it('resumes after its checkpoint, not from the beginning', async () => {
    shard.records = records(1, 5);
    shard.closed = true;
    await new ShardReader(deps, 'arn', 'shard', seq(3)).run(new AbortController().signal);
    expect(shard.opened[0]).toEqual({ type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: seq(3) });
    expect(handled.flat()).toEqual([seq(4), seq(5)]);
  });

  it('reopens an expired iterator from the last checkpoint', async () => {
    shard.records = records(1, 4);
    shard.closed = true;
    let calls = 0;
    const getRecords = shard.getRecords.bind(shard);
    shard.getRecords = async (iterator, limit) => {
      if (++calls === 2) throw new ExpiredIteratorError('expired');
      return getRecords(iterator, limit);
    };
    await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal);
    expect(shard.opened).toEqual([{ type: 'TRIM_HORIZON' }, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: seq(2) }]);
    expect(handled.flat()).toEqual([seq(1), seq(2), seq(3), seq(4)]);
    expect(await counter('stream_worker_expired_iterators_total')).toBe(1);
  });

  it('reports trimmed data, counts it, and continues from the oldest record left', async () => {
    shard.records = records(1, 6);
    shard.closed = true;
    shard.trimmedBefore = 3;
    await new ShardReader(deps, 'arn', 'shard', seq(1)).run(new AbortController().signal);
    expect(shard.opened).toEqual([{ type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: seq(1) }, { type: 'TRIM_HORIZON' }]);
    expect(handled.flat()).toEqual([seq(4), seq(5), seq(6)]);
    expect(await counter('stream_worker_trimmed_data_total')).toBe(1);
  });

  it('backs off and carries on when throttled', async () => {
    shard.records = records(1, 2);
    shard.closed = true;
    shard.failNextGetRecords = [new StreamThrottledError('slow down'), new StreamThrottledError('slow down')];
    expect(await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal)).toBe('shard-ended');
    expect(handled.flat()).toEqual([seq(1), seq(2)]);
  });

  it('ends a shard that the stream no longer has', async () => {
    shard.failNextIterator = [new ShardNotFoundError('gone')];
    expect(await new ShardReader(deps, 'arn', 'shard', seq(9)).run(new AbortController().signal)).toBe('shard-ended');
    expect(checkpoints).toEqual([Checkpoint.ShardEnd]);
  });

  it('stops without going further when its checkpoint is refused (lease lost)', async () => {
    shard.records = records(1, 6);
    held = false;
    deps.isHeld = () => true; // the worker has not noticed yet: the conditional checkpoint is what tells it
    expect(await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal)).toBe('lease-lost');
    expect(handled).toEqual([[seq(1), seq(2)]]);
  });

  it('reports a checkpoint it could not write (after retrying) as a failure, and reads no further', async () => {
    shard.records = records(1, 6);
    shard.closed = true;
    const write = deps.checkpoint;
    let attempts = 0;
    // Every batch checkpoint fails (SHARD_END would go through).
    deps.checkpoint = async (shardId, checkpoint) => {
      if (checkpoint === Checkpoint.ShardEnd) return write(shardId, checkpoint);
      attempts += 1;
      throw new Error('ProvisionedThroughputExceededException');
    };
    const end = await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal);
    expect(end).toBe('checkpoint-failed');
    expect(attempts).toBe(5);
    // The batch is not treated as checkpointed: nothing after it is read, and no checkpoint is counted.
    expect(handled).toEqual([[seq(1), seq(2)]]);
    expect(await counter('stream_worker_checkpoints_total')).toBe(0);
  });

  it('carries on once a checkpoint that failed goes through on a retry', async () => {
    shard.records = records(1, 2);
    shard.closed = true;
    const write = deps.checkpoint;
    let failures = 2;
    deps.checkpoint = async (shardId, checkpoint) => {
      if (failures-- > 0) throw new Error('timeout');
      return write(shardId, checkpoint);
    };
    expect(await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal)).toBe('shard-ended');
    expect(checkpoints).toEqual([seq(2), Checkpoint.ShardEnd]);
  });

  it('keeps polling an open shard until stopped, and checkpoints nothing for an aborted batch', async () => {
    shard.records = records(1, 2);
    const controller = new AbortController();
    deps.processor = {
      processRecords: async (batch) => {
        handled.push(batch.map((record) => record.sequenceNumber));
        if (handled.length === 2) {
          controller.abort();
          throw new Error('aborted');
        }
        return batch.map(applied);
      },
    };
    const running = new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(controller.signal);
    // A record arrives in the open shard while the reader idles.
    setTimeout(() => shard.records.push(...records(3, 3)), 20);
    expect(await running).toBe('stopped');
    expect(handled).toEqual([[seq(1), seq(2)], [seq(3)]]);
    expect(checkpoints).toEqual([seq(2)]);
  });

  it('holds at a record that fails retryably, checkpointing nothing past it, until it applies', async () => {
    shard.records = records(1, 3);
    shard.closed = true;
    let failuresLeft = 4;
    deps.processor = {
      processRecords: async (batch) => {
        handled.push(batch.map((record) => record.sequenceNumber));
        return batch.map((record): RecordOutcome => {
          if (record.sequenceNumber !== seq(2) || failuresLeft-- <= 0) return applied(record);
          // The checkpoint must still be before the first batch while it waits.
          expect(checkpoints).toEqual([]);
          return { kind: 'retryable', sequenceNumber: record.sequenceNumber, reason: 'throttled' };
        });
      },
    };
    expect(await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal)).toBe('shard-ended');
    // Only the waiting record is tried again; the batch is checkpointed once it applied.
    expect(handled).toEqual([[seq(1), seq(2)], [seq(2)], [seq(2)], [seq(2)], [seq(2)], [seq(3)]]);
    expect(checkpoints).toEqual([seq(2), seq(3), Checkpoint.ShardEnd]);
    expect(deadLettered).toEqual([]);
  });

  it('stops holding when its lease is no longer surely held, checkpointing nothing', async () => {
    shard.records = records(1, 2);
    let tries = 0;
    deps.processor = {
      processRecords: async (batch) => {
        if (++tries === 3) held = false;
        return batch.map((record) => ({ kind: 'retryable', sequenceNumber: record.sequenceNumber, reason: 'down' }) as RecordOutcome);
      },
    };
    deps.isHeld = () => held;
    expect(await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal)).toBe('lease-lost');
    expect(checkpoints).toEqual([]);
  });

  it('dead-letters a record that can never apply, then checkpoints past it', async () => {
    shard.records = records(1, 2);
    shard.closed = true;
    deps.processor = {
      processRecords: async (batch) =>
        batch.map((record): RecordOutcome =>
          record.sequenceNumber === seq(1)
            ? { kind: 'permanent', sequenceNumber: record.sequenceNumber, reasonCode: 'orphan_message', reason: 'no group' }
            : applied(record),
        ),
    };
    expect(await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal)).toBe('shard-ended');
    expect(deadLettered).toEqual([seq(1)]);
    expect(checkpoints).toEqual([seq(2), Checkpoint.ShardEnd]);
  });

  it('holds a record whose dead letter cannot be written yet, rather than pass it', async () => {
    shard.records = records(1, 1);
    shard.closed = true;
    let storeDown = 3;
    deps.processor = {
      processRecords: async (batch) =>
        batch.map((record): RecordOutcome => ({
          kind: 'permanent',
          sequenceNumber: record.sequenceNumber,
          reasonCode: 'malformed_record',
          reason: 'bad',
        })),
    };
    deps.deadLetters = {
      put: async (letter) => {
        if (storeDown-- > 0) throw new Error('dead-letter table unreachable');
        deadLettered.push(letter.sequenceNumber);
      },
    };
    expect(await new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(new AbortController().signal)).toBe('shard-ended');
    expect(deadLettered).toEqual([seq(1)]);
    expect(checkpoints).toEqual([seq(1), Checkpoint.ShardEnd]);
  });
});
