import type { LoggerService } from '@nestjs/common';
import type { StreamMetrics } from '../metrics/stream-metrics';
import type { Lease } from './lease';
import { chooseLeasesToTake, type LeaseObservation, observeLeases } from './lease-decisions';
import type { LeaseTable } from './lease-table';
import { orderParentsFirst } from './shard-lineage';

export interface TakeRound {
  /** This stream's leases by shard id, as they stand after the round (taken ones updated). */
  leases: Map<string, Lease>;
  /** Leases taken in this round, with when each take was sent. */
  taken: Array<{ lease: Lease; takenAt: number }>;
  /** Shards this worker holds that the table now gives to someone else (or no one). */
  lost: Array<{ shardId: string; owner: string | undefined }>;
}

/**
 * Takes leases (the KCL's LeaseTaker): reads the lease table, watches each lease's counter to see
 * which owners are alive, and takes what the pure rule in lease-decisions says to take, each take
 * a conditional write that loses cleanly to a faster worker.
 */
export class LeaseTaker {
  private observations = new Map<string, LeaseObservation>();

  constructor(
    private readonly leaseTable: Pick<LeaseTable, 'list' | 'take'>,
    private readonly workerId: string,
    private readonly leaseDurationMs: number,
    private readonly metrics: Pick<StreamMetrics, 'leaseTakeovers'>,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  async takeLeases(streamArn: string | null, held: ReadonlySet<string>): Promise<TakeRound> {
    const now = this.now();
    const listed = (await this.leaseTable.list()).filter((lease) => lease.streamArn === streamArn);
    const leases = orderParentsFirst(listed.map((lease) => ({ shardId: lease.leaseKey, parentShardId: lease.parentShardId, lease }))).map(
      (entry) => entry.lease,
    );
    this.observations = observeLeases(this.observations, leases, now);
    const byKey = new Map(leases.map((lease) => [lease.leaseKey, lease]));
    const lost = [...held]
      .filter((shardId) => byKey.get(shardId)?.leaseOwner !== this.workerId)
      .map((shardId) => ({ shardId, owner: byKey.get(shardId)?.leaseOwner }));
    const stillHeld = new Set([...held].filter((shardId) => !lost.some((entry) => entry.shardId === shardId)));

    const decision = chooseLeasesToTake({
      leases,
      observations: this.observations,
      workerId: this.workerId,
      held: stillHeld,
      now,
      leaseDurationMs: this.leaseDurationMs,
    });
    const wanted = [
      ...decision.reclaim.map((lease) => ({ lease, kind: 'reclaimed' })),
      ...decision.take.map((lease) => ({ lease, kind: 'free' })),
      ...(decision.steal ? [{ lease: decision.steal, kind: 'stolen' }] : []),
    ];
    const taken: TakeRound['taken'] = [];
    for (const { lease, kind } of wanted) {
      const takenAt = this.now();
      const takenLease = await this.leaseTable.take(lease, this.workerId);
      if (!takenLease) continue;
      taken.push({ lease: takenLease, takenAt });
      byKey.set(takenLease.leaseKey, takenLease);
      this.metrics.leaseTakeovers.inc({ kind });
      const from = lease.leaseOwner ? ` from ${lease.leaseOwner}` : '';
      this.logger.log(`took lease ${takenLease.leaseKey} (${kind}${from}) at checkpoint ${takenLease.checkpoint}`);
    }
    return { leases: byKey, taken, lost };
  }
}
