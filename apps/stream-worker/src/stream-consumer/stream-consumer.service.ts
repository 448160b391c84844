import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { pause } from '../backoff';
import { UpdateGroupSummariesService } from '../group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../metrics/stream-metrics';
import { isShardEnded, type Lease } from './lease';
import { chooseLeasesToTake, type LeaseObservation, observeLeases } from './lease-decisions';
import { LeaseTable } from './lease-table';
import { isReadyToRead, leasesToCleanUp, newLeasesFor, orderParentsFirst } from './shard-lineage';
import { type ShardReadEnd, ShardReader, type ShardReaderDeps } from './shard-reader';
import { streamConsumerConfig, type StreamConsumerOptions } from './stream-consumer.config';
import { STREAM_SOURCE, type StreamSource } from './stream-source.port';

/** A lease this worker holds, when it last proved it, and the reader working on it (if its parents are done). */
interface HeldLease {
  lease: Lease;
  renewedAt: number;
  reader?: { controller: AbortController; done: Promise<void> };
}

/** What /ready reports about the consumer. */
export interface ConsumerStatus {
  running: boolean;
  workerId: string;
  streamArn: string | null;
  leasesHeld: number;
  /** The shards this worker holds (sorted). */
  shards: string[];
  readers: number;
  lastLoopAgeMs: number | null;
  lastError: string | null;
}

/**
 * Tails the messaging table's DynamoDB Stream and runs pattern E on it, sharing the shards with
 * any other worker through leases (the Kinesis Client Library's model, DESIGN §6).
 *
 * One loop, every third of a lease duration: renew the leases held (a failed renewal means another
 * worker has the shard: its reader stops); now and then list the stream's shards and create leases
 * for new ones; read the lease table and take free, expired or (to balance) stolen leases, and take
 * back at once any lease the table still gives this worker but that it gave up (renewals failed
 * during an outage, or a reply was lost): a lone worker would otherwise never read that shard again.
 * Start a reader for each held shard whose parent has ended. Readers checkpoint after every batch; on
 * shutdown they stop, and the leases are released so another worker continues at once.
 */
@Injectable()
export class StreamConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamConsumer.name);
  private readonly held = new Map<string, HeldLease>();
  /** Readers of leases given up that have not finished yet (a batch in hand): a shard gets one reader at a time. */
  private readonly readersWindingDown = new Map<string, Promise<void>>();
  private observations = new Map<string, LeaseObservation>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private leaseTableReady = false;
  private streamArn: string | null = null;
  private shardIdsInStream = new Set<string>();
  private lastShardSyncAt = 0;
  private shardSyncWanted = true;
  private lastLoopAt: number | null = null;
  private lastError: string | null = null;
  private readonly readerDeps: ShardReaderDeps;

  constructor(
    @Inject(STREAM_SOURCE) private readonly source: StreamSource,
    private readonly leaseTable: LeaseTable,
    handler: UpdateGroupSummariesService,
    private readonly metrics: StreamMetrics,
    @Inject(streamConsumerConfig.KEY) private readonly options: StreamConsumerOptions,
  ) {
    this.readerDeps = {
      source,
      handleBatch: (records, signal) => handler.handleBatch(records, signal),
      checkpoint: (shardId, checkpoint) => this.checkpoint(shardId, checkpoint),
      isHeld: (shardId) => this.isHeld(shardId),
      metrics,
      logger: this.logger,
      settings: options,
    };
  }

  get workerId(): string {
    return this.options.workerId;
  }

  /** Starts in the background: the app (and /health) come up even while DynamoDB is still unreachable. */
  onApplicationBootstrap(): void {
    this.logger.log(`worker ${this.workerId} starting on lease table ${this.leaseTable.tableName}`);
    this.loop = this.run();
  }

  /** Before the DynamoDB clients close: stop the readers, then release every lease. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  status(): ConsumerStatus {
    return {
      running: this.loop !== null && !this.stopping.signal.aborted,
      workerId: this.workerId,
      streamArn: this.streamArn,
      leasesHeld: this.held.size,
      shards: [...this.held.keys()].sort(),
      readers: [...this.held.values()].filter((held) => held.reader).length,
      lastLoopAgeMs: this.lastLoopAt === null ? null : Date.now() - this.lastLoopAt,
      lastError: this.lastError,
    };
  }

  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    await this.loop;
    const readers = [...this.held.values()].flatMap((held) => (held.reader ? [held.reader.done] : []));
    readers.push(...this.readersWindingDown.values());
    await Promise.allSettled(readers);
    const released = await Promise.allSettled(
      [...this.held.values()].map((held) => this.leaseTable.release(held.lease, this.workerId)),
    );
    this.logger.log(`worker ${this.workerId} stopped; released ${released.filter((r) => r.status === 'fulfilled' && r.value).length} lease(s)`);
    this.held.clear();
    this.metrics.leasesHeld.set(0);
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.cycle();
        this.lastLoopAt = Date.now();
        if (this.lastError) this.logger.log('stream consumer recovered');
        this.lastError = null;
      } catch (error) {
        const message = (error as Error).message ?? String(error);
        if (message !== this.lastError) this.logger.warn(`stream consumer loop failed (will retry): ${message}`);
        this.lastError = message;
      }
      await pause(this.options.renewIntervalMs, this.stopping.signal);
    }
  }

  private async cycle(): Promise<void> {
    if (!this.leaseTableReady) {
      if ((await this.leaseTable.ensureExists()) === 'created') this.logger.log(`created lease table ${this.leaseTable.tableName}`);
      this.leaseTableReady = true;
    }
    await this.renewHeld();
    if (this.shardSyncWanted || Date.now() - this.lastShardSyncAt >= this.options.shardSyncIntervalMs) {
      await this.syncShards();
    }
    const leases = await this.takeLeases();
    this.startReaders(leases);
    this.metrics.leasesHeld.set(this.held.size);
  }

  private async renewHeld(): Promise<void> {
    await Promise.all(
      [...this.held.entries()].map(async ([shardId, held]) => {
        const sentAt = Date.now();
        try {
          const counter = await this.leaseTable.renew(held.lease, this.workerId);
          if (counter === null) return this.lost(shardId, 'its renewal was refused (another worker took it, or a renewal whose reply was lost went through)');
          held.lease = { ...held.lease, leaseCounter: counter };
          held.renewedAt = sentAt;
        } catch (error) {
          // Not lost yet: isHeld() turns false by itself if renewals keep failing for a lease duration.
          this.logger.warn(`could not renew lease ${shardId}: ${(error as Error).message}`);
        }
      }),
    );
  }

  /** Reads the stream's shards; creates leases for new ones; removes leases of ended shards the stream has trimmed. */
  private async syncShards(): Promise<void> {
    const streamArn = await this.source.latestStreamArn();
    if (streamArn !== this.streamArn) this.logger.log(`consuming stream ${streamArn}`);
    this.streamArn = streamArn;
    const shards = await this.source.listShards(streamArn);
    this.shardIdsInStream = new Set(shards.map((shard) => shard.shardId));
    const allLeases = await this.leaseTable.list();
    const leases = allLeases.filter((lease) => lease.streamArn === streamArn);
    for (const lease of newLeasesFor(shards, leases, streamArn, this.options.initialPosition)) {
      if (await this.leaseTable.create(lease)) this.logger.log(`new shard ${lease.leaseKey} (starts at ${lease.checkpoint})`);
    }
    // Includes ended leases of a previous stream (the table was re-created, or its stream re-enabled).
    for (const lease of leasesToCleanUp(allLeases, this.shardIdsInStream)) await this.leaseTable.delete(lease);
    this.lastShardSyncAt = Date.now();
    this.shardSyncWanted = false;
  }

  /** Reads the lease table, notices leases lost to others, and takes what the KCL rule says to take. */
  private async takeLeases(): Promise<Map<string, Lease>> {
    const now = Date.now();
    const listed = (await this.leaseTable.list()).filter((lease) => lease.streamArn === this.streamArn);
    const leases = orderParentsFirst(listed.map((lease) => ({ shardId: lease.leaseKey, parentShardId: lease.parentShardId, lease }))).map(
      (entry) => entry.lease,
    );
    this.observations = observeLeases(this.observations, leases, now);
    const byKey = new Map(leases.map((lease) => [lease.leaseKey, lease]));
    for (const shardId of this.held.keys()) {
      const current = byKey.get(shardId);
      if (current?.leaseOwner !== this.workerId) this.lost(shardId, `it is now ${current?.leaseOwner ?? 'unowned'}`);
    }

    const decision = chooseLeasesToTake({
      leases,
      observations: this.observations,
      workerId: this.workerId,
      held: new Set(this.held.keys()),
      now,
      leaseDurationMs: this.options.leaseDurationMs,
    });
    const wanted = [
      ...decision.reclaim.map((lease) => ({ lease, kind: 'reclaimed' })),
      ...decision.take.map((lease) => ({ lease, kind: 'free' })),
      ...(decision.steal ? [{ lease: decision.steal, kind: 'stolen' }] : []),
    ];
    for (const { lease, kind } of wanted) {
      const sentAt = Date.now();
      const taken = await this.leaseTable.take(lease, this.workerId);
      if (!taken) continue;
      this.held.set(taken.leaseKey, { lease: taken, renewedAt: sentAt });
      byKey.set(taken.leaseKey, taken);
      this.metrics.leaseTakeovers.inc({ kind });
      const from = lease.leaseOwner ? ` from ${lease.leaseOwner}` : '';
      this.logger.log(`took lease ${taken.leaseKey} (${kind}${from}) at checkpoint ${taken.checkpoint}`);
    }
    return byKey;
  }

  private startReaders(leases: Map<string, Lease>): void {
    for (const [shardId, held] of this.held) {
      if (held.reader) continue;
      if (isShardEnded(held.lease)) {
        void this.finishEnded(shardId, held);
        continue;
      }
      if (this.readersWindingDown.has(shardId)) continue;
      if (!isReadyToRead(held.lease, leases, this.shardIdsInStream)) continue;
      const controller = new AbortController();
      const stopReader = () => controller.abort();
      this.stopping.signal.addEventListener('abort', stopReader, { once: true });
      const reader = new ShardReader(this.readerDeps, held.lease.streamArn, shardId, held.lease.checkpoint);
      const done = reader
        .run(controller.signal)
        .then((end) => this.readerEnded(shardId, held, end))
        .catch((error: unknown) => {
          this.logger.error(`reader of shard ${shardId} failed (restarts from its checkpoint): ${(error as Error).message}`);
          if (this.held.get(shardId)?.reader?.controller === controller) delete this.held.get(shardId)!.reader;
        })
        .finally(() => this.stopping.signal.removeEventListener('abort', stopReader));
      held.reader = { controller, done };
      this.logger.log(`reading shard ${shardId} from ${held.lease.checkpoint}`);
    }
  }

  private async readerEnded(shardId: string, held: HeldLease, end: ShardReadEnd): Promise<void> {
    // The lease may have been given up and taken back while this reader wound down: then it is not this reader's to end.
    if (this.held.get(shardId) !== held) return;
    if (end === 'lease-lost') {
      const why = this.isHeld(shardId)
        ? 'its checkpoint was refused'
        : `not renewed for ${this.options.leaseDurationMs} ms, so another worker may have it (taken back if not)`;
      this.lost(shardId, why);
    } else if (end === 'shard-ended') {
      this.logger.log(`shard ${shardId} read to its end; its children may start`);
      await this.finishEnded(shardId, held);
    }
  }

  /** An ended shard's lease is released (no one takes an ended lease) and the shard list is read again for its children. */
  private async finishEnded(shardId: string, held: HeldLease): Promise<void> {
    this.held.delete(shardId);
    this.shardSyncWanted = true;
    try {
      await this.leaseTable.release(held.lease, this.workerId);
    } catch (error) {
      this.logger.warn(`could not release ended lease ${shardId}: ${(error as Error).message}`);
    }
  }

  private lost(shardId: string, why: string): void {
    const held = this.held.get(shardId);
    if (!held) return;
    this.held.delete(shardId);
    if (held.reader) {
      const { controller, done } = held.reader;
      controller.abort();
      this.readersWindingDown.set(shardId, done);
      void done.finally(() => {
        if (this.readersWindingDown.get(shardId) === done) this.readersWindingDown.delete(shardId);
      });
    }
    this.metrics.leasesHeld.set(this.held.size);
    this.metrics.leasesLost.inc();
    this.logger.warn(`lost lease ${shardId}: ${why}`);
  }

  private isHeld(shardId: string): boolean {
    const held = this.held.get(shardId);
    return held !== undefined && Date.now() - held.renewedAt < this.options.leaseDurationMs;
  }

  private async checkpoint(shardId: string, checkpoint: string): Promise<boolean> {
    const written = await this.leaseTable.checkpoint(shardId, this.workerId, checkpoint);
    const held = this.held.get(shardId);
    if (written && held) held.lease = { ...held.lease, checkpoint };
    return written;
  }
}
