import type { ChangeRecord } from '../group-summaries/change-record';
import type { BatchResult } from '../group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../metrics/stream-metrics';
import { Checkpoint } from './lease';
import { ShardReader, type ShardReaderDeps } from './shard-reader';
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
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

  beforeEach(() => {
    shard = new FakeShard();
    handled = [];
    checkpoints = [];
    held = true;
    metrics = new StreamMetrics();
    deps = {
      source: shard,
      handleBatch: async (batch) => {
        handled.push(batch.map((record) => record.sequenceNumber));
        return { moved: 0, unchanged: 0, superseded: 0, ignored: batch.length, failed: [] } satisfies BatchResult;
      },
      checkpoint: async (_shardId, checkpoint) => {
        if (!held) return false;
        checkpoints.push(checkpoint);
        return true;
      },
      isHeld: () => held,
      metrics,
      logger: silent,
      settings: { batchSize: 2, pollIntervalMs: 0, idlePoll: { baseMs: 1, capMs: 2 }, errorBackoff: { baseMs: 1, capMs: 2 } },
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

  it('keeps polling an open shard until stopped, and checkpoints nothing for an aborted batch', async () => {
    shard.records = records(1, 2);
    const controller = new AbortController();
    deps.handleBatch = async (batch) => {
      handled.push(batch.map((record) => record.sequenceNumber));
      if (handled.length === 2) {
        controller.abort();
        throw new Error('aborted');
      }
      return { moved: 0, unchanged: 0, superseded: 0, ignored: batch.length, failed: [] };
    };
    const running = new ShardReader(deps, 'arn', 'shard', Checkpoint.TrimHorizon).run(controller.signal);
    // A record arrives in the open shard while the reader idles.
    setTimeout(() => shard.records.push(...records(3, 3)), 20);
    expect(await running).toBe('stopped');
    expect(handled).toEqual([[seq(1), seq(2)], [seq(3)]]);
    expect(checkpoints).toEqual([seq(2)]);
  });
});
