import { Checkpoint, type Lease } from './lease';
import type { LeaseTable } from './lease-table';
import { ShardSyncer } from './shard-syncer';
import type { Shard, StreamSource } from './stream-source.port';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
const ARN = 'arn:stream';

describe('ShardSyncer', () => {
  let now: number;
  let shards: Shard[];
  let leases: Lease[];
  let source: jest.Mocked<Pick<StreamSource, 'latestStreamArn' | 'listShards'>>;
  let table: jest.Mocked<Pick<LeaseTable, 'list' | 'create' | 'delete'>>;

  beforeEach(() => {
    now = 0;
    shards = [];
    leases = [];
    source = { latestStreamArn: jest.fn(async () => ARN), listShards: jest.fn<Promise<Shard[]>, [string]>(async () => shards) };
    table = {
      list: jest.fn(async () => leases),
      create: jest.fn(async (lease: Lease) => {
        leases.push(lease);
        return true;
      }),
      delete: jest.fn<Promise<boolean>, [Lease]>(async () => true),
    };
  });

  const syncer = (initialPosition: 'TRIM_HORIZON' | 'LATEST' = 'TRIM_HORIZON') =>
    new ShardSyncer(source, table, { initialPosition, shardSyncIntervalMs: 10_000 }, silent, () => now);

  it('creates a lease for each shard of the latest stream, parents first, and remembers the stream and its shards', async () => {
    shards = [
      { shardId: 'child', parentShardId: 'parent', closed: false },
      { shardId: 'parent', closed: true },
    ];
    const sync = syncer();
    expect(sync.streamArn).toBeNull();
    await sync.syncIfDue();
    expect(table.create.mock.calls.map(([lease]) => [lease.leaseKey, lease.checkpoint, lease.streamArn, lease.leaseCounter])).toEqual([
      ['parent', Checkpoint.TrimHorizon, ARN, 0],
      ['child', Checkpoint.TrimHorizon, ARN, 0],
    ]);
    expect(sync.streamArn).toBe(ARN);
    expect([...sync.shardIdsInStream]).toEqual(['child', 'parent']);
  });

  it('starts at LATEST only on the very first sync (closed shards count as ended); later shards start at TRIM_HORIZON', async () => {
    shards = [
      { shardId: 'old', closed: true },
      { shardId: 'open', closed: false },
    ];
    const sync = syncer('LATEST');
    await sync.syncIfDue();
    expect(table.create.mock.calls.map(([lease]) => [lease.leaseKey, lease.checkpoint])).toEqual([
      ['old', Checkpoint.ShardEnd],
      ['open', Checkpoint.Latest],
    ]);
    shards.push({ shardId: 'born-later', parentShardId: 'open', closed: false });
    sync.requestSync();
    await sync.syncIfDue();
    expect(table.create.mock.calls.at(-1)![0]).toMatchObject({ leaseKey: 'born-later', checkpoint: Checkpoint.TrimHorizon });
  });

  it('syncs again only once the interval has passed, or at once when asked (a shard ended)', async () => {
    const sync = syncer();
    await sync.syncIfDue();
    now += 9_999;
    await sync.syncIfDue();
    expect(source.listShards).toHaveBeenCalledTimes(1);
    sync.requestSync();
    await sync.syncIfDue();
    expect(source.listShards).toHaveBeenCalledTimes(2);
    now += 10_000;
    await sync.syncIfDue();
    expect(source.listShards).toHaveBeenCalledTimes(3);
  });

  it('removes ended leases whose shards the stream no longer lists (also those of an older stream), and nothing else', async () => {
    shards = [{ shardId: 'live', closed: false }];
    leases = [
      { leaseKey: 'live', streamArn: ARN, leaseCounter: 3, checkpoint: '000000000000000000007' },
      { leaseKey: 'trimmed', streamArn: ARN, leaseCounter: 3, checkpoint: Checkpoint.ShardEnd },
      { leaseKey: 'older-stream', streamArn: 'arn:old', leaseCounter: 9, checkpoint: Checkpoint.ShardEnd },
      { leaseKey: 'unfinished', streamArn: 'arn:old', leaseCounter: 9, checkpoint: '000000000000000000001' },
    ];
    await syncer().syncIfDue();
    expect(table.create).not.toHaveBeenCalled();
    expect(table.delete.mock.calls.map(([lease]) => lease.leaseKey)).toEqual(['trimmed', 'older-stream']);
  });

  it('does not count a failed sync as done: the next round tries again', async () => {
    const sync = syncer();
    source.listShards.mockRejectedValueOnce(new Error('throttled'));
    await expect(sync.syncIfDue()).rejects.toThrow('throttled');
    await sync.syncIfDue();
    expect(source.listShards).toHaveBeenCalledTimes(2);
  });
});
