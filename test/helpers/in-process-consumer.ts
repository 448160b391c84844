import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type DeadLetterStore, type Message, toMessageItem } from '@app/ddb';
import { Logger, type LogLevel } from '@nestjs/common';
import { deleteTable } from '@app/dev-infra';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { LeaseRenewer } from '../../apps/stream-worker/src/stream-consumer/lease-renewer';
import { LeaseTable } from '../../apps/stream-worker/src/stream-consumer/lease-table';
import { LeaseTaker } from '../../apps/stream-worker/src/stream-consumer/lease-taker';
import { shardReaderFactory } from '../../apps/stream-worker/src/stream-consumer/shard-reader';
import { ShardStalls } from '../../apps/stream-worker/src/stream-consumer/shard-stalls';
import { ShardSyncer } from '../../apps/stream-worker/src/stream-consumer/shard-syncer';
import type { StreamConsumerOptions } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.config';
import { StreamConsumer } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.service';
import type { RecordsPage, Shard, StartPosition, StreamSource } from '../../apps/stream-worker/src/stream-consumer/stream-source.port';
import type { ChangeRecord } from '../../apps/stream-worker/src/record-processing/change-record';
import type { ShardRecordProcessor } from '../../apps/stream-worker/src/record-processing/shard-record-processor.port';
import { createTestTable, type TestTable } from './ddb';

/** A synthetic stream of open shards with no records: DynamoDB Local gives one shard, lease tests need control. */
export class QuietStream implements StreamSource {
  readonly shards: Shard[];

  constructor(shardIds: string[]) {
    this.shards = shardIds.map((shardId) => ({ shardId, closed: false }));
  }
  async latestStreamArn() {
    return 'arn:synthetic-stream';
  }
  async listShards() {
    return this.shards;
  }
  async shardIterator(_arn: string, shardId: string) {
    return shardId;
  }
  async getRecords(iterator: string): Promise<RecordsPage> {
    return { records: [], nextIterator: iterator };
  }
}

/** A processor for lease tests: every record counts as applied. */
const applyNothing: ShardRecordProcessor = {
  processRecords: async (records) => records.map((record) => ({ kind: 'applied', sequenceNumber: record.sequenceNumber })),
};

/** For consumers whose records never fail permanently: nothing may reach it. */
const noDeadLetters = {
  tableName: 'none',
  ensureExists: async () => 'exists' as const,
  put: async () => {
    throw new Error('no dead letter was expected here');
  },
} as unknown as DeadLetterStore;

/**
 * A StreamConsumer in this process, on a real lease table in DynamoDB Local (the same conditional
 * writes the worker processes use), with short lease timings; by default its processor applies
 * nothing (lease tests), or the given one (pattern E over a real table, say).
 */
export function startInProcessConsumer(input: {
  db: TestTable;
  leaseTableName: string;
  workerId: string;
  stream: StreamSource;
  metrics?: StreamMetrics;
  processor?: ShardRecordProcessor;
  deadLetters?: DeadLetterStore;
  stallReportAfterMs?: number;
}): { consumer: StreamConsumer; leaseTable: LeaseTable } {
  const options: StreamConsumerOptions = {
    leaseTableName: input.leaseTableName,
    workerId: input.workerId,
    initialPosition: 'TRIM_HORIZON',
    leaseDurationMs: 3000,
    renewIntervalMs: 300,
    shardSyncIntervalMs: 1000,
    batchSize: 100,
    pollIntervalMs: 50,
    idlePoll: { baseMs: 50, capMs: 200 },
    errorBackoff: { baseMs: 50, capMs: 500 },
    stallReportAfterMs: input.stallReportAfterMs ?? 500,
  };
  const leaseTable = new LeaseTable(input.db.client, input.db.doc, input.leaseTableName);
  const metrics = input.metrics ?? new StreamMetrics();
  const deadLetters = input.deadLetters ?? noDeadLetters;
  // Wired as StreamConsumerModule wires them.
  const logger = new Logger(StreamConsumer.name);
  const renewer = new LeaseRenewer(leaseTable, options.workerId, options.leaseDurationMs, logger);
  const stalls = new ShardStalls(metrics, options.stallReportAfterMs);
  const newReader = shardReaderFactory({
    source: input.stream,
    processor: input.processor ?? applyNothing,
    deadLetters,
    stalls,
    checkpoint: (shardId, checkpoint) => renewer.checkpoint(shardId, checkpoint),
    isHeld: (shardId) => renewer.isHeld(shardId),
    metrics,
    logger,
    settings: { ...options, recordRetry: { baseMs: 50, capMs: 500 } },
  });
  const consumer = new StreamConsumer(
    leaseTable,
    deadLetters,
    renewer,
    new LeaseTaker(leaseTable, options.workerId, options.leaseDurationMs, metrics, logger),
    new ShardSyncer(input.stream, leaseTable, options, logger),
    stalls,
    newReader,
    metrics,
    options,
  );
  consumer.onApplicationBootstrap();
  return { consumer, leaseTable };
}

/** A synthetic stream of open shards whose records the test appends (real MSG images): several shards, under the test's control. */
export class ScriptedStream implements StreamSource {
  private readonly records = new Map<string, ChangeRecord[]>();
  private sequence = 0;

  constructor(shardIds: string[]) {
    for (const shardId of shardIds) this.records.set(shardId, []);
  }
  /** Appends a MSG insert of `message` to `shardId`; its sequence number. */
  append(shardId: string, message: Message): string {
    this.sequence += 1;
    const sequenceNumber = String(this.sequence).padStart(21, '0');
    this.records
      .get(shardId)!
      .push({ sequenceNumber, eventName: 'INSERT', newImage: marshall(toMessageItem(message)), approximateCreatedAt: Date.now() });
    return sequenceNumber;
  }
  /** Appends any record (a malformed one, say); its sequence number. */
  appendRecord(shardId: string, record: Omit<ChangeRecord, 'sequenceNumber'>): string {
    this.sequence += 1;
    const sequenceNumber = String(this.sequence).padStart(21, '0');
    this.records.get(shardId)!.push({ ...record, sequenceNumber });
    return sequenceNumber;
  }
  async latestStreamArn() {
    return 'arn:scripted-stream';
  }
  async listShards(): Promise<Shard[]> {
    return [...this.records.keys()].map((shardId) => ({ shardId, closed: false }));
  }
  async shardIterator(_arn: string, shardId: string, position: StartPosition) {
    const records = this.records.get(shardId)!;
    if (position.type === 'TRIM_HORIZON') return `${shardId}@0`;
    if (position.type === 'LATEST') return `${shardId}@${records.length}`;
    return `${shardId}@${records.findIndex((record) => record.sequenceNumber === position.sequenceNumber) + 1}`;
  }
  async getRecords(iterator: string, limit: number): Promise<RecordsPage> {
    const [shardId, from] = iterator.split('@');
    const page = this.records.get(shardId)!.slice(Number(from), Number(from) + limit);
    return { records: page, nextIterator: `${shardId}@${Number(from) + page.length}` };
  }
}

/** A suite of in-process consumers: its table, its own lease table, and the consumers it started. */
export interface ConsumerSuite {
  /** The suite's messaging table (set in beforeAll). */
  readonly db: TestTable;
  /** A lease table of the suite's own (created by the first consumer, dropped after the suite). */
  readonly leaseTableName: string;
  /** startInProcessConsumer on the suite's tables; every consumer started is stopped after the suite. */
  start(input: Omit<Parameters<typeof startInProcessConsumer>[0], 'db' | 'leaseTableName'>): ReturnType<typeof startInProcessConsumer>;
}

/**
 * The set-up and teardown the lease and consumer suites share: Nest's logger quietened to `logLevels`, a
 * fresh test table and lease table name before the suite; after it, its consumers stopped (leases
 * released), the lease table and `alsoDrop`'s tables (the dead-letter table, say) deleted, the table dropped.
 */
export function useConsumerSuite(options: { logLevels?: LogLevel[] | false; alsoDrop?: (db: TestTable) => string[] } = {}): ConsumerSuite {
  let db: TestTable | undefined;
  let leaseTableName = '';
  const consumers: StreamConsumer[] = [];
  beforeAll(async () => {
    Logger.overrideLogger(options.logLevels ?? ['error']);
    db = await createTestTable();
    leaseTableName = `leases-${randomUUID().slice(0, 8)}`;
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    if (db) {
      for (const tableName of [leaseTableName, ...(options.alsoDrop?.(db) ?? [])]) await deleteTable(db.client, tableName);
      await db.drop();
    }
    Logger.overrideLogger(true);
  });
  return {
    get db() {
      if (!db) throw new Error('the suite’s table exists only from beforeAll on');
      return db;
    },
    get leaseTableName() {
      return leaseTableName;
    },
    start(input) {
      const started = startInProcessConsumer({ ...input, db: this.db, leaseTableName });
      consumers.push(started.consumer);
      return started;
    },
  };
}
