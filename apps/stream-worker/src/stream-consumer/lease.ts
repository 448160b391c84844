/** Checkpoint values that are not sequence numbers (the KCL's sentinels). */
export const Checkpoint = {
  /** Not read yet: start at the oldest record the stream keeps. */
  TrimHorizon: 'TRIM_HORIZON',
  /** Not read yet: start at records written from now on. */
  Latest: 'LATEST',
  /** Every record of the (closed) shard has been handled; its children may start. */
  ShardEnd: 'SHARD_END',
} as const;

/**
 * One shard's lease, as in the Kinesis Client Library: who owns it, a counter every owner write
 * bumps (how others see that the owner is alive), and how far the shard has been handled.
 */
export interface Lease {
  /** The shard id. */
  leaseKey: string;
  streamArn: string;
  /** Absent when nobody owns the shard (new, released, or ended). */
  leaseOwner?: string;
  leaseCounter: number;
  /** A sequence number (handled up to and including it) or one of `Checkpoint`. */
  checkpoint: string;
  parentShardId?: string;
}

export function isShardEnded(lease: Pick<Lease, 'checkpoint'>): boolean {
  return lease.checkpoint === Checkpoint.ShardEnd;
}
