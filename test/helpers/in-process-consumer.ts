import type { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { LeaseTable } from '../../apps/stream-worker/src/stream-consumer/lease-table';
import type { StreamConsumerOptions } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.config';
import { StreamConsumer } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.service';
import type { RecordsPage, Shard, StreamSource } from '../../apps/stream-worker/src/stream-consumer/stream-source.port';
import type { TestTable } from './ddb';

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

/**
 * A StreamConsumer in this process, on a real lease table in DynamoDB Local (the same conditional
 * writes the worker processes use), with short lease timings and a handler that applies nothing.
 */
export function startInProcessConsumer(input: {
  db: TestTable;
  leaseTableName: string;
  workerId: string;
  stream: StreamSource;
  metrics?: StreamMetrics;
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
  };
  const handler = { handleBatch: async () => ({ moved: 0, unchanged: 0, superseded: 0, ignored: 0, failed: [] }) };
  const leaseTable = new LeaseTable(input.db.client, input.db.doc, input.leaseTableName);
  const consumer = new StreamConsumer(
    input.stream,
    leaseTable,
    handler as unknown as UpdateGroupSummariesService,
    input.metrics ?? new StreamMetrics(),
    options,
  );
  consumer.onApplicationBootstrap();
  return { consumer, leaseTable };
}
