import { Checkpoint, type Lease } from './lease';
import { isReadyToRead, leasesToCleanUp, newLeasesFor, orderParentsFirst } from './shard-lineage';
import type { Shard } from './stream-source.port';

const stream = 'arn:stream';
// A closed root that split in two; one child closed again and has a grandchild.
const shards: Shard[] = [
  { shardId: 'grandchild', parentShardId: 'child-a', closed: false },
  { shardId: 'child-b', parentShardId: 'root', closed: false },
  { shardId: 'child-a', parentShardId: 'root', closed: true },
  { shardId: 'root', closed: true },
  { shardId: 'orphan', parentShardId: 'trimmed-long-ago', closed: false },
];
const lease = (leaseKey: string, checkpoint: string, parentShardId?: string): Lease => ({
  leaseKey,
  streamArn: stream,
  leaseCounter: 1,
  checkpoint,
  parentShardId,
});

describe('orderParentsFirst', () => {
  it('puts every parent before its children, whatever order DescribeStream gave', () => {
    const order = orderParentsFirst(shards).map((shard) => shard.shardId);
    expect(order).toHaveLength(shards.length);
    expect(order.indexOf('root')).toBeLessThan(order.indexOf('child-a'));
    expect(order.indexOf('root')).toBeLessThan(order.indexOf('child-b'));
    expect(order.indexOf('child-a')).toBeLessThan(order.indexOf('grandchild'));
  });

  it('survives a cycle instead of recursing forever', () => {
    const cyclic = [
      { shardId: 'a', parentShardId: 'b' },
      { shardId: 'b', parentShardId: 'a' },
    ];
    expect(
      orderParentsFirst(cyclic)
        .map((shard) => shard.shardId)
        .sort(),
    ).toEqual(['a', 'b']);
  });
});

describe('newLeasesFor', () => {
  it('starts every shard at TRIM_HORIZON by default, parents first', () => {
    const leases = newLeasesFor(shards, [], stream, 'TRIM_HORIZON');
    expect(leases.map((l) => l.checkpoint)).toEqual(Array(5).fill(Checkpoint.TrimHorizon));
    expect(leases.map((l) => l.leaseKey).indexOf('root')).toBe(0);
    expect(leases.find((l) => l.leaseKey === 'child-a')).toMatchObject({ parentShardId: 'root', leaseCounter: 0 });
    expect(leases.every((l) => l.leaseOwner === undefined)).toBe(true);
  });

  it('with LATEST on the first sync, ends closed shards and starts open ones at new records', () => {
    const byKey = new Map(newLeasesFor(shards, [], stream, 'LATEST').map((l) => [l.leaseKey, l.checkpoint]));
    expect(byKey.get('root')).toBe(Checkpoint.ShardEnd);
    expect(byKey.get('child-a')).toBe(Checkpoint.ShardEnd);
    expect(byKey.get('child-b')).toBe(Checkpoint.Latest);
    expect(byKey.get('grandchild')).toBe(Checkpoint.Latest);
  });

  it('reads a shard born later from its beginning even when configured for LATEST', () => {
    const existing = [lease('root', Checkpoint.ShardEnd)];
    const created = newLeasesFor(
      [
        { shardId: 'root', closed: true },
        { shardId: 'new', parentShardId: 'root', closed: false },
      ],
      existing,
      stream,
      'LATEST',
    );
    expect(created).toEqual([expect.objectContaining({ leaseKey: 'new', checkpoint: Checkpoint.TrimHorizon })]);
  });
});

describe('isReadyToRead', () => {
  const inStream = new Set(shards.map((shard) => shard.shardId));

  it('holds a child back until its parent has ended', () => {
    const parent = lease('root', '000000000000000000042');
    const child = lease('child-a', Checkpoint.TrimHorizon, 'root');
    expect(isReadyToRead(child, new Map([['root', parent]]), inStream)).toBe(false);
    expect(isReadyToRead(child, new Map([['root', { ...parent, checkpoint: Checkpoint.ShardEnd }]]), inStream)).toBe(true);
  });

  it('holds a child back while its listed parent has no lease yet, not when the parent was trimmed', () => {
    expect(isReadyToRead(lease('child-a', Checkpoint.TrimHorizon, 'root'), new Map(), inStream)).toBe(false);
    expect(isReadyToRead(lease('orphan', Checkpoint.TrimHorizon, 'trimmed-long-ago'), new Map(), inStream)).toBe(true);
    expect(isReadyToRead(lease('root', Checkpoint.TrimHorizon), new Map(), inStream)).toBe(true);
  });
});

describe('leasesToCleanUp', () => {
  it('removes only ended leases whose shard the stream no longer lists', () => {
    const leases = [
      lease('gone', Checkpoint.ShardEnd),
      lease('root', Checkpoint.ShardEnd),
      lease('gone-but-unread', '000000000000000000007'),
    ];
    expect(leasesToCleanUp(leases, new Set(['root'])).map((l) => l.leaseKey)).toEqual(['gone']);
  });
});
