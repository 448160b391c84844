import { isShardEnded, type Lease } from './lease';

/** What a worker last saw of a lease, and when (on its own clock) the owner or counter last changed. */
export interface LeaseObservation {
  leaseOwner?: string;
  leaseCounter: number;
  changedAt: number;
}

/**
 * Folds a fresh scan of the lease table into what was seen before. Expiry is judged as the KCL
 * does: not from a timestamp another machine wrote, but from how long this worker has watched the
 * counter stand still, so clocks need not agree. A lease seen for the first time counts as just
 * changed: a new worker waits a full lease duration before it calls anyone's lease expired.
 */
export function observeLeases(
  previous: ReadonlyMap<string, LeaseObservation>,
  leases: Lease[],
  now: number,
): Map<string, LeaseObservation> {
  const next = new Map<string, LeaseObservation>();
  for (const lease of leases) {
    const seen = previous.get(lease.leaseKey);
    const unchanged = seen && seen.leaseCounter === lease.leaseCounter && seen.leaseOwner === lease.leaseOwner;
    next.set(lease.leaseKey, {
      leaseOwner: lease.leaseOwner,
      leaseCounter: lease.leaseCounter,
      changedAt: unchanged ? seen.changedAt : now,
    });
  }
  return next;
}

/** Free to take: nobody owns it, or its owner has not renewed it for a whole lease duration. */
export function isTakeable(lease: Lease, observation: LeaseObservation | undefined, now: number, leaseDurationMs: number): boolean {
  if (isShardEnded(lease)) return false;
  if (!lease.leaseOwner) return true;
  return observation !== undefined && now - observation.changedAt > leaseDurationMs;
}

export interface TakeDecision {
  /**
   * Leases the table says are this worker's but that it no longer works on: it gave them up when
   * it could not renew them in time (DynamoDB unreachable), or it never saw the reply to its own
   * take or renewal. Nobody reads those shards and nobody else will take them before they expire
   * (and, with no other worker, never), so they are taken back at once.
   */
  reclaim: Lease[];
  /** Free or expired leases to take now, parents first. */
  take: Lease[];
  /** One live lease of the most loaded worker, taken to even out the load (only when nothing is free). */
  steal: Lease | null;
  /** How many leases this worker should hold: ceil(active leases / live workers). */
  target: number;
}

/**
 * The KCL's lease-taking rule. Live workers are the owners of unexpired leases plus this one; each
 * should hold about `ceil(leases / workers)`. Below that, a worker takes free and expired leases
 * first; if there are none, it steals one lease from the most loaded worker, and only from one that
 * holds more than its share, so two balanced workers never trade shards back and forth.
 * Its own leases that it no longer works on are always taken back (`reclaim`).
 * `leases` must be in lineage order (parents first); ended shards are never taken.
 */
export function chooseLeasesToTake(input: {
  leases: Lease[];
  observations: ReadonlyMap<string, LeaseObservation>;
  workerId: string;
  /** The shards this worker holds and works on (renews, reads). */
  held: ReadonlySet<string>;
  now: number;
  leaseDurationMs: number;
}): TakeDecision {
  const { leases, observations, workerId, held, now, leaseDurationMs } = input;
  const active = leases.filter((lease) => !isShardEnded(lease));
  // Other workers count these as this worker's already, so taking them back does not change its share.
  const reclaim = active.filter((lease) => lease.leaseOwner === workerId && !held.has(lease.leaseKey));
  const takeable: Lease[] = [];
  const heldBy = new Map<string, Lease[]>([[workerId, []]]);
  for (const lease of active) {
    const owner = lease.leaseOwner;
    if (owner !== workerId && isTakeable(lease, observations.get(lease.leaseKey), now, leaseDurationMs)) {
      takeable.push(lease);
    } else if (owner) {
      heldBy.set(owner, [...(heldBy.get(owner) ?? []), lease]);
    }
  }
  const target = active.length === 0 ? 0 : Math.ceil(active.length / heldBy.size);
  const needed = target - heldBy.get(workerId)!.length;
  if (needed <= 0) return { reclaim, take: [], steal: null, target };
  if (takeable.length > 0) return { reclaim, take: takeable.slice(0, needed), steal: null, target };

  let mostLoaded: Lease[] = [];
  for (const [owner, held] of heldBy) {
    if (owner !== workerId && held.length > mostLoaded.length) mostLoaded = held;
  }
  const steal = mostLoaded.length > target ? mostLoaded[mostLoaded.length - 1] : null;
  return { reclaim, take: [], steal, target };
}
