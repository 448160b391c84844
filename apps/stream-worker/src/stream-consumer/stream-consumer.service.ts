import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { pause } from '@app/common';
import { DeadLetterStore } from '@app/ddb';
import { StreamMetrics } from '../metrics/stream-metrics';
import { isShardEnded, type Lease } from './lease';
import { LeaseRenewer } from './lease-renewer';
import { LeaseTable } from './lease-table';
import { LeaseTaker } from './lease-taker';
import { isReadyToRead } from './shard-lineage';
import type { ShardReadEnd, ShardReaderFactory } from './shard-reader';
import { ShardStalls } from './shard-stalls';
import { ShardSyncer } from './shard-syncer';
import { streamConsumerConfig, type StreamConsumerOptions } from './stream-consumer.config';
import { SHARD_READER_FACTORY } from './stream-consumer.constants';

/** A shard's reader at work. */
interface RunningReader {
  controller: AbortController;
  done: Promise<void>;
}

/** What /ready reports about the consumer (the details only to a caller with the status token). */
export interface ConsumerStatus {
  running: boolean;
  workerId: string;
  streamArn: string | null;
  leasesHeld: number;
  /** The shards this worker holds (sorted). */
  shards: string[];
  readers: number;
  /** Shards holding at a record that keeps failing retryably (docs/design.md §10), with how long and why. */
  stalled: Array<{ shardId: string; stalledForMs: number; reason: string }>;
  lastLoopAgeMs: number | null;
  lastError: string | null;
}

/**
 * Tails the messaging table's DynamoDB Stream and hands its records to the record processor
 * (pattern E), sharing the shards with any other worker through leases (the Kinesis Client
 * Library's model, docs/design.md §6). The KCL's roles are separate classes: LeaseRenewer (keeps held
 * leases alive), LeaseTaker (takes free, expired and, to balance, stolen leases), ShardSyncer
 * (leases for new shards). This class is the scheduler: one loop, every third of a lease duration,
 * runs them in turn and starts a ShardReader for each held shard whose parent has ended. Readers
 * checkpoint after every settled batch; on shutdown they stop, and the leases are released so
 * another worker continues at once. Every role is injected (StreamConsumerModule wires them), so a
 * spec can hand the scheduler fakes.
 */
@Injectable()
export class StreamConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamConsumer.name);
  private readonly readers = new Map<string, RunningReader>();
  /** Readers of leases given up that have not finished yet (a batch in hand): a shard gets one reader at a time. */
  private readonly readersWindingDown = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private tablesReady = false;
  private lastLoopAt: number | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly leaseTable: LeaseTable,
    private readonly deadLetters: DeadLetterStore,
    private readonly renewer: LeaseRenewer,
    private readonly taker: LeaseTaker,
    private readonly syncer: ShardSyncer,
    private readonly stalls: ShardStalls,
    @Inject(SHARD_READER_FACTORY) private readonly newReader: ShardReaderFactory,
    private readonly metrics: StreamMetrics,
    @Inject(streamConsumerConfig.KEY) private readonly options: StreamConsumerOptions,
  ) {}

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
      streamArn: this.syncer.streamArn,
      leasesHeld: this.renewer.size,
      shards: this.renewer.shardIds().sort(),
      readers: this.readers.size,
      stalled: this.stalls.stalled(),
      lastLoopAgeMs: this.lastLoopAt === null ? null : Date.now() - this.lastLoopAt,
      lastError: this.lastError,
    };
  }

  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    await this.loop;
    await Promise.allSettled([...[...this.readers.values()].map((reader) => reader.done), ...this.readersWindingDown.values()]);
    for (const shardId of this.renewer.shardIds()) this.stalls.forget(shardId);
    const released = await this.renewer.releaseAll();
    this.logger.log(`worker ${this.workerId} stopped; released ${released} lease(s)`);
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
    if (!this.tablesReady) {
      if ((await this.leaseTable.ensureExists()) === 'created') this.logger.log(`created lease table ${this.leaseTable.tableName}`);
      if ((await this.deadLetters.ensureExists()) === 'created') this.logger.log(`created dead-letter table ${this.deadLetters.tableName}`);
      this.tablesReady = true;
    }
    for (const shardId of await this.renewer.renewAll()) {
      this.lost(shardId, 'its renewal was refused (another worker took it, or a renewal whose reply was lost went through)');
    }
    await this.syncer.syncIfDue();
    const round = await this.taker.takeLeases(this.syncer.streamArn, new Set(this.renewer.shardIds()));
    for (const { shardId, owner } of round.lost) this.lost(shardId, `it is now ${owner ?? 'unowned'}`);
    for (const { lease, takenAt } of round.taken) this.renewer.add(lease, takenAt);
    this.startReaders(round.leases);
    this.metrics.leasesHeld.set(this.renewer.size);
  }

  private startReaders(leases: Map<string, Lease>): void {
    for (const shardId of this.renewer.shardIds()) {
      const held = this.renewer.get(shardId)!;
      if (this.readers.has(shardId)) continue;
      if (isShardEnded(held.lease)) {
        void this.finishEnded(shardId);
        continue;
      }
      if (this.readersWindingDown.has(shardId)) continue;
      if (!isReadyToRead(held.lease, leases, this.syncer.shardIdsInStream)) continue;
      const controller = new AbortController();
      const stopReader = () => controller.abort();
      this.stopping.signal.addEventListener('abort', stopReader, { once: true });
      const reader = this.newReader(held.lease.streamArn, shardId, held.lease.checkpoint);
      const running: RunningReader = { controller, done: Promise.resolve() };
      running.done = reader
        .run(controller.signal)
        .then((end) => this.readerEnded(shardId, running, end))
        .catch((error: unknown) => {
          this.logger.error(`reader of shard ${shardId} failed (restarts from its checkpoint): ${(error as Error).message}`);
          if (this.readers.get(shardId) === running) this.readers.delete(shardId);
        })
        .finally(() => this.stopping.signal.removeEventListener('abort', stopReader));
      this.readers.set(shardId, running);
      this.logger.log(`reading shard ${shardId} from ${held.lease.checkpoint}`);
    }
  }

  private async readerEnded(shardId: string, reader: RunningReader, end: ShardReadEnd): Promise<void> {
    // The lease may have been given up and taken back while this reader wound down: then it is not this reader's to end.
    if (this.readers.get(shardId) !== reader) return;
    if (end === 'lease-lost') {
      const why = this.renewer.isHeld(shardId)
        ? 'its checkpoint was refused'
        : `not renewed for ${this.options.leaseDurationMs} ms, so another worker may have it (taken back if not)`;
      this.lost(shardId, why);
    } else if (end === 'shard-ended') {
      this.logger.log(`shard ${shardId} read to its end; its children may start`);
      this.readers.delete(shardId);
      await this.finishEnded(shardId);
    } else if (end === 'checkpoint-failed') {
      // Still held: the next round starts a reader from the lease's checkpoint, the last one written.
      this.readers.delete(shardId);
    }
  }

  /** An ended shard's lease is released (no one takes an ended lease) and the shard list is read again for its children. */
  private async finishEnded(shardId: string): Promise<void> {
    const held = this.renewer.remove(shardId);
    this.stalls.forget(shardId);
    this.syncer.requestSync();
    if (!held) return;
    try {
      await this.leaseTable.release(held.lease, this.workerId);
    } catch (error) {
      this.logger.warn(`could not release ended lease ${shardId}: ${(error as Error).message}`);
    }
  }

  private lost(shardId: string, why: string): void {
    if (!this.renewer.remove(shardId)) return;
    const reader = this.readers.get(shardId);
    if (reader) {
      this.readers.delete(shardId);
      reader.controller.abort();
      this.readersWindingDown.set(shardId, reader.done);
      void reader.done.finally(() => {
        if (this.readersWindingDown.get(shardId) === reader.done) this.readersWindingDown.delete(shardId);
      });
    }
    // After the abort: a reader winding down reports no more waits, so the shard is not left looking stalled here.
    this.stalls.forget(shardId);
    this.metrics.leasesHeld.set(this.renewer.size);
    this.metrics.leasesLost.inc();
    this.logger.warn(`lost lease ${shardId}: ${why}`);
  }
}
