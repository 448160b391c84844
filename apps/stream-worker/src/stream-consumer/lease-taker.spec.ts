import { StreamMetrics } from '../metrics/stream-metrics';
import { Checkpoint, type Lease } from './lease';
import type { LeaseTable } from './lease-table';
import { LeaseTaker } from './lease-taker';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
const ARN = 'arn:stream';
const lease = (leaseKey: string, fields: Partial<Lease> = {}): Lease => ({
  leaseKey,
  streamArn: ARN,
  leaseCounter: 0,
  checkpoint: Checkpoint.TrimHorizon,
  ...fields,
});

describe('LeaseTaker', () => {
  let now: number;
  let leases: Lease[];
  let table: jest.Mocked<Pick<LeaseTable, 'list' | 'take'>>;
  let metrics: StreamMetrics;
  let taker: LeaseTaker;

  beforeEach(() => {
    now = 10_000;
    leases = [];
    table = {
      list: jest.fn(async () => leases),
      // The take wins unless the test says otherwise: owner := me, counter + 1.
      take: jest.fn(async (seen: Lease, workerId: string) => ({ ...seen, leaseOwner: workerId, leaseCounter: seen.leaseCounter + 1 })),
    };
    metrics = new StreamMetrics();
    taker = new LeaseTaker(table, 'me', 3_000, metrics, silent, () => now);
  });

  const takeovers = async (kind: string) =>
    (await metrics.leaseTakeovers.get()).values.find((value) => value.labels.kind === kind)?.value ?? 0;

  it('takes the free leases of its stream, parents first, and reports when each take was sent', async () => {
    leases = [lease('child', { parentShardId: 'parent' }), lease('parent'), lease('elsewhere', { streamArn: 'arn:old' })];
    const round = await taker.takeLeases(ARN, new Set());
    expect(table.take.mock.calls.map(([seen, workerId]) => [seen.leaseKey, workerId])).toEqual([
      ['parent', 'me'],
      ['child', 'me'],
    ]);
    expect(round.taken).toEqual([
      { lease: lease('parent', { leaseOwner: 'me', leaseCounter: 1 }), takenAt: now },
      { lease: lease('child', { parentShardId: 'parent', leaseOwner: 'me', leaseCounter: 1 }), takenAt: now },
    ]);
    expect([...round.leases.keys()]).toEqual(['parent', 'child']);
    expect(round.leases.get('child')!.leaseOwner).toBe('me');
    expect(await takeovers('free')).toBe(2);
  });

  it('loses a take cleanly to a faster worker', async () => {
    leases = [lease('a')];
    table.take.mockResolvedValue(null);
    const round = await taker.takeLeases(ARN, new Set());
    expect(round.taken).toEqual([]);
    expect(round.leases.get('a')!.leaseOwner).toBeUndefined();
    expect(await takeovers('free')).toBe(0);
  });

  it('takes another worker’s lease only after watching its counter stand still for a whole lease duration', async () => {
    leases = [lease('a', { leaseOwner: 'other', leaseCounter: 5 })];
    await taker.takeLeases(ARN, new Set());
    now += 3_000;
    await taker.takeLeases(ARN, new Set());
    expect(table.take).not.toHaveBeenCalled();
    // The owner renewed: the wait starts again.
    leases = [lease('a', { leaseOwner: 'other', leaseCounter: 6 })];
    now += 2_000;
    await taker.takeLeases(ARN, new Set());
    now += 3_001;
    const round = await taker.takeLeases(ARN, new Set());
    expect(table.take).toHaveBeenCalledTimes(1);
    expect(round.taken.map((taken) => taken.lease.leaseKey)).toEqual(['a']);
    expect(await takeovers('free')).toBe(1);
  });

  it('reports the shards it holds that the table now gives to another worker or to no one', async () => {
    leases = [lease('a', { leaseOwner: 'me' }), lease('b', { leaseOwner: 'other' }), lease('c', { leaseOwner: 'me' })];
    const round = await taker.takeLeases(ARN, new Set(['a', 'b', 'gone']));
    expect(round.lost).toEqual([
      { shardId: 'b', owner: 'other' },
      { shardId: 'gone', owner: undefined },
    ]);
    // 'c' is this worker's in the table but not worked on: taken back at once.
    expect(round.taken.map((taken) => taken.lease.leaseKey)).toEqual(['c']);
    expect(await takeovers('reclaimed')).toBe(1);
  });

  it('steals one lease from a worker holding more than its share when nothing is free', async () => {
    leases = [lease('a', { leaseOwner: 'busy', leaseCounter: 1 }), lease('b', { leaseOwner: 'busy', leaseCounter: 1 })];
    const round = await taker.takeLeases(ARN, new Set());
    expect(round.taken.map((taken) => taken.lease.leaseKey)).toEqual(['b']);
    expect(table.take).toHaveBeenCalledWith(lease('b', { leaseOwner: 'busy', leaseCounter: 1 }), 'me');
    expect(await takeovers('stolen')).toBe(1);
  });

  it('never takes an ended shard’s lease', async () => {
    leases = [lease('ended', { checkpoint: Checkpoint.ShardEnd })];
    await taker.takeLeases(ARN, new Set());
    expect(table.take).not.toHaveBeenCalled();
  });
});
