import type { LoggerService } from '@nestjs/common';
import type { LeaseTable } from './lease-table';
import { leasesToCleanUp, newLeasesFor } from './shard-lineage';
import type { StreamSource } from './stream-source.port';

/**
 * Keeps the lease table in step with the stream's shards (the KCL's ShardSyncer): a lease for every
 * new shard, and none left for ended shards the stream has trimmed. Runs every sync interval, and
 * at once after a shard ended (its children are due).
 */
export class ShardSyncer {
  private currentStreamArn: string | null = null;
  private shardIds = new Set<string>();
  private lastSyncAt = 0;
  private syncWanted = true;

  constructor(
    private readonly source: Pick<StreamSource, 'latestStreamArn' | 'listShards'>,
    private readonly leaseTable: Pick<LeaseTable, 'list' | 'create' | 'delete'>,
    private readonly options: { initialPosition: 'TRIM_HORIZON' | 'LATEST'; shardSyncIntervalMs: number },
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stream being consumed (null before the first sync). */
  get streamArn(): string | null {
    return this.currentStreamArn;
  }

  /** The shards the stream listed at the last sync. */
  get shardIdsInStream(): ReadonlySet<string> {
    return this.shardIds;
  }

  /** Asks for a sync on the next round (a shard ended: its children need leases). */
  requestSync(): void {
    this.syncWanted = true;
  }

  async syncIfDue(): Promise<void> {
    if (this.syncWanted || this.now() - this.lastSyncAt >= this.options.shardSyncIntervalMs) await this.sync();
  }

  /** Reads the stream's shards; creates leases for new ones; removes leases of ended shards the stream has trimmed. */
  private async sync(): Promise<void> {
    const streamArn = await this.source.latestStreamArn();
    if (streamArn !== this.currentStreamArn) this.logger.log(`consuming stream ${streamArn}`);
    this.currentStreamArn = streamArn;
    const shards = await this.source.listShards(streamArn);
    this.shardIds = new Set(shards.map((shard) => shard.shardId));
    const allLeases = await this.leaseTable.list();
    const leases = allLeases.filter((lease) => lease.streamArn === streamArn);
    for (const lease of newLeasesFor(shards, leases, streamArn, this.options.initialPosition)) {
      if (await this.leaseTable.create(lease)) this.logger.log(`new shard ${lease.leaseKey} (starts at ${lease.checkpoint})`);
    }
    // Includes ended leases of a previous stream (the table was re-created, or its stream re-enabled).
    for (const lease of leasesToCleanUp(allLeases, this.shardIds)) await this.leaseTable.delete(lease);
    this.lastSyncAt = this.now();
    this.syncWanted = false;
  }
}
