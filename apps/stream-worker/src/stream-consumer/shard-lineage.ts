import { Checkpoint, isShardEnded, type Lease } from './lease';
import type { Shard } from './stream-source.port';

/**
 * The shards with every parent before its children (a stable topological order), so leases are
 * created, taken and read in the order DynamoDB wrote the records: a key's older changes live in
 * the parent shard, its newer ones in the child.
 */
export function orderParentsFirst<T extends { shardId: string; parentShardId?: string }>(shards: T[]): T[] {
  const byId = new Map(shards.map((shard) => [shard.shardId, shard]));
  const ordered: T[] = [];
  const placed = new Set<string>();
  const place = (shard: T, path: Set<string>) => {
    if (placed.has(shard.shardId) || path.has(shard.shardId)) return;
    path.add(shard.shardId);
    const parent = shard.parentShardId ? byId.get(shard.parentShardId) : undefined;
    if (parent) place(parent, path);
    placed.add(shard.shardId);
    ordered.push(shard);
  };
  for (const shard of shards) place(shard, new Set());
  return ordered;
}

/**
 * Leases to create for shards that have none yet. The configured initial position applies only to
 * the very first sync (an empty lease table): with LATEST, closed shards are marked ended and open
 * ones start at new records. Any shard found later was born while the stream was being consumed,
 * so it is read from its beginning (TRIM_HORIZON): nothing written to it may be skipped.
 */
export function newLeasesFor(shards: Shard[], existing: Lease[], streamArn: string, initialPosition: 'TRIM_HORIZON' | 'LATEST'): Lease[] {
  const known = new Set(existing.map((lease) => lease.leaseKey));
  const firstSync = existing.length === 0;
  return orderParentsFirst(shards)
    .filter((shard) => !known.has(shard.shardId))
    .map((shard) => ({
      leaseKey: shard.shardId,
      streamArn,
      leaseCounter: 0,
      parentShardId: shard.parentShardId,
      checkpoint:
        !firstSync || initialPosition === 'TRIM_HORIZON' ? Checkpoint.TrimHorizon : shard.closed ? Checkpoint.ShardEnd : Checkpoint.Latest,
    }));
}

/**
 * A shard may be read once its parent has been read to its end. A parent without a lease that the
 * stream no longer lists was trimmed (its records are gone), so it no longer holds anything up.
 */
export function isReadyToRead(lease: Lease, leasesByKey: Map<string, Lease>, shardIdsInStream: ReadonlySet<string>): boolean {
  if (!lease.parentShardId) return true;
  const parent = leasesByKey.get(lease.parentShardId);
  if (parent) return isShardEnded(parent);
  return !shardIdsInStream.has(lease.parentShardId);
}

/** Leases of ended shards that the stream has since trimmed away: nothing will ask about them again. */
export function leasesToCleanUp(leases: Lease[], shardIdsInStream: ReadonlySet<string>): Lease[] {
  return leases.filter((lease) => isShardEnded(lease) && !shardIdsInStream.has(lease.leaseKey));
}
