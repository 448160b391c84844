import type { LoggerService } from '@nestjs/common';
import type { Lease } from './lease';
import type { LeaseTable } from './lease-table';

/** A lease this worker holds, and when it last proved it. */
export interface HeldLease {
  lease: Lease;
  renewedAt: number;
}

/**
 * The leases this worker holds, kept alive (the KCL's LeaseRenewer): every renewal is a conditional
 * counter bump; a refused one means another worker has the shard. A lease counts as held only while
 * its last successful renewal is younger than the lease duration: after that another worker may
 * have taken it, so its reader must stop even if DynamoDB cannot say so.
 */
export class LeaseRenewer {
  private readonly held = new Map<string, HeldLease>();

  constructor(
    private readonly leaseTable: Pick<LeaseTable, 'renew' | 'checkpoint' | 'release'>,
    private readonly workerId: string,
    private readonly leaseDurationMs: number,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.held.size;
  }

  shardIds(): string[] {
    return [...this.held.keys()];
  }

  get(shardId: string): HeldLease | undefined {
    return this.held.get(shardId);
  }

  /** Starts renewing a lease just taken (`takenAt`: when the take was sent). */
  add(lease: Lease, takenAt: number): HeldLease {
    const held = { lease, renewedAt: takenAt };
    this.held.set(lease.leaseKey, held);
    return held;
  }

  /** Stops renewing a lease (lost, ended); the lease as it was held. */
  remove(shardId: string): HeldLease | undefined {
    const held = this.held.get(shardId);
    this.held.delete(shardId);
    return held;
  }

  isHeld(shardId: string): boolean {
    const held = this.held.get(shardId);
    return held !== undefined && this.now() - held.renewedAt < this.leaseDurationMs;
  }

  /** Renews every lease held; the shards whose renewal was refused (lost to another worker). */
  async renewAll(): Promise<string[]> {
    const refused: string[] = [];
    await Promise.all(
      [...this.held.entries()].map(async ([shardId, held]) => {
        const sentAt = this.now();
        try {
          const counter = await this.leaseTable.renew(held.lease, this.workerId);
          if (counter === null) return refused.push(shardId);
          held.lease = { ...held.lease, leaseCounter: counter };
          held.renewedAt = sentAt;
        } catch (error) {
          // Not lost yet: isHeld() turns false by itself if renewals keep failing for a lease duration.
          this.logger.warn(`could not renew lease ${shardId}: ${(error as Error).message}`);
        }
      }),
    );
    return refused;
  }

  /** Writes a checkpoint for a held shard; false when the lease is no longer this worker's. */
  async checkpoint(shardId: string, checkpoint: string): Promise<boolean> {
    const written = await this.leaseTable.checkpoint(shardId, this.workerId, checkpoint);
    const held = this.held.get(shardId);
    if (written && held) held.lease = { ...held.lease, checkpoint };
    return written;
  }

  /** Gives every lease up (graceful shutdown) so another worker continues at once; how many were released. */
  async releaseAll(): Promise<number> {
    const released = await Promise.allSettled([...this.held.values()].map((held) => this.leaseTable.release(held.lease, this.workerId)));
    this.held.clear();
    return released.filter((result) => result.status === 'fulfilled' && result.value).length;
  }
}
