import { Checkpoint, type Lease } from './lease';
import { chooseLeasesToTake, isTakeable, type LeaseObservation, observeLeases } from './lease-decisions';

const DURATION = 10_000;
const NONE = new Set<string>();
const lease = (leaseKey: string, leaseOwner?: string, leaseCounter = 1, checkpoint = '000000000000000000001'): Lease => ({
  leaseKey,
  streamArn: 'arn',
  leaseOwner,
  leaseCounter,
  checkpoint,
});

/** The shards `workerId` works on, when it works on every lease the table gives it. */
const heldBy = (workerId: string, leases: Lease[]) => new Set(leases.filter((l) => l.leaseOwner === workerId).map((l) => l.leaseKey));

/** Observations as a worker that has watched these leases stand still since `since`. */
const watchedSince = (leases: Lease[], since: number) => observeLeases(new Map(), leases, since);

describe('observeLeases', () => {
  it('keeps the time of the last change while owner and counter stand still', () => {
    const first = observeLeases(new Map(), [lease('s1', 'a', 5)], 1000);
    const second = observeLeases(first, [lease('s1', 'a', 5)], 4000);
    expect(second.get('s1')!.changedAt).toBe(1000);
  });

  it('restarts the clock when the counter moves or the owner changes', () => {
    const first = observeLeases(new Map(), [lease('s1', 'a', 5), lease('s2', 'a', 5)], 1000);
    const second = observeLeases(first, [lease('s1', 'a', 6), lease('s2', 'b', 5)], 4000);
    expect(second.get('s1')!.changedAt).toBe(4000);
    expect(second.get('s2')!.changedAt).toBe(4000);
  });
});

describe('isTakeable', () => {
  const seen: LeaseObservation = { leaseOwner: 'a', leaseCounter: 3, changedAt: 0 };

  it('takes an unowned lease at once', () => {
    expect(isTakeable(lease('s1'), undefined, 0, DURATION)).toBe(true);
  });

  it('takes an owned lease only after a whole duration without renewal', () => {
    expect(isTakeable(lease('s1', 'a', 3), seen, DURATION, DURATION)).toBe(false);
    expect(isTakeable(lease('s1', 'a', 3), seen, DURATION + 1, DURATION)).toBe(true);
    expect(isTakeable(lease('s1', 'a', 3), undefined, DURATION * 10, DURATION)).toBe(false);
  });

  it('never takes an ended shard', () => {
    expect(isTakeable(lease('s1', undefined, 1, Checkpoint.ShardEnd), undefined, 0, DURATION)).toBe(false);
  });
});

describe('chooseLeasesToTake', () => {
  it('lets a lone worker take every free lease', () => {
    const leases = ['s1', 's2', 's3', 's4'].map((key) => lease(key));
    const decision = chooseLeasesToTake({ leases, observations: new Map(), workerId: 'a', held: NONE, now: 0, leaseDurationMs: DURATION });
    expect(decision.take.map((l) => l.leaseKey)).toEqual(['s1', 's2', 's3', 's4']);
    expect(decision.steal).toBeNull();
  });

  it('splits shards between two workers: the newcomer steals one at a time up to its share', () => {
    let leases = ['s1', 's2', 's3', 's4'].map((key) => lease(key, 'a'));
    const decide = (now: number) =>
      chooseLeasesToTake({
        leases,
        observations: watchedSince(leases, now),
        workerId: 'b',
        held: heldBy('b', leases),
        now,
        leaseDurationMs: DURATION,
      });

    const first = decide(0);
    expect(first).toMatchObject({ take: [], target: 2 });
    expect(first.steal?.leaseOwner).toBe('a');
    leases = leases.map((l) => (l.leaseKey === first.steal!.leaseKey ? { ...l, leaseOwner: 'b' } : l));

    const second = decide(1);
    expect(second.steal?.leaseOwner).toBe('a');
    leases = leases.map((l) => (l.leaseKey === second.steal!.leaseKey ? { ...l, leaseOwner: 'b' } : l));

    expect(decide(2)).toMatchObject({ take: [], steal: null });
    expect(leases.filter((l) => l.leaseOwner === 'b')).toHaveLength(2);
  });

  it('does not steal from a worker that holds only its share (one shard, two workers)', () => {
    const leases = [lease('only', 'a')];
    const decision = chooseLeasesToTake({
      leases,
      observations: watchedSince(leases, 0),
      workerId: 'b',
      held: NONE,
      now: 1,
      leaseDurationMs: DURATION,
    });
    expect(decision).toEqual({ reclaim: [], take: [], steal: null, target: 1 });
  });

  it('takes over the leases of a worker that stopped renewing, once they expire', () => {
    const leases = [lease('s1', 'dead'), lease('s2', 'dead'), lease('s3', 'b')];
    const observations = watchedSince(leases, 0);
    const early = chooseLeasesToTake({
      leases,
      observations,
      workerId: 'b',
      held: new Set(['s3']),
      now: DURATION,
      leaseDurationMs: DURATION,
    });
    expect(early.take).toEqual([]);
    const late = chooseLeasesToTake({
      leases,
      observations,
      workerId: 'b',
      held: new Set(['s3']),
      now: DURATION + 1,
      leaseDurationMs: DURATION,
    });
    // The dead worker no longer counts as live, so 'b' alone should hold all three.
    expect(late.take.map((l) => l.leaseKey)).toEqual(['s1', 's2']);
  });

  it('ignores ended shards when sharing out work', () => {
    const leases = [lease('ended', undefined, 1, Checkpoint.ShardEnd), lease('open', 'a')];
    const decision = chooseLeasesToTake({
      leases,
      observations: watchedSince(leases, 0),
      workerId: 'b',
      held: NONE,
      now: 1,
      leaseDurationMs: DURATION,
    });
    expect(decision).toEqual({ reclaim: [], take: [], steal: null, target: 1 });
  });

  it('takes back at once a lease of its own that it no longer works on, without waiting for it to expire', () => {
    // It gave the lease up when it could not renew it during an outage; the table still names it.
    const leases = [lease('s1', 'a', 7)];
    const decision = chooseLeasesToTake({
      leases,
      observations: watchedSince(leases, 0),
      workerId: 'a',
      held: NONE,
      now: 1,
      leaseDurationMs: DURATION,
    });
    expect(decision.reclaim.map((l) => l.leaseKey)).toEqual(['s1']);
    // Already counted as its share: it takes nothing else for it.
    expect(decision).toMatchObject({ take: [], steal: null, target: 1 });
  });

  it('reclaims only open leases of its own that it does not hold', () => {
    const leases = [lease('worked-on', 'a'), lease('given-up', 'a'), lease('ended', 'a', 1, Checkpoint.ShardEnd), lease('others', 'b')];
    const decision = chooseLeasesToTake({
      leases,
      observations: watchedSince(leases, 0),
      workerId: 'a',
      held: new Set(['worked-on']),
      now: 1,
      leaseDurationMs: DURATION,
    });
    expect(decision.reclaim.map((l) => l.leaseKey)).toEqual(['given-up']);
    expect(decision).toMatchObject({ take: [], steal: null });
  });
});
