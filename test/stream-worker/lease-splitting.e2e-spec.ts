import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { deleteTable } from '@app/ddb';
import type { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { LeaseTable } from '../../apps/stream-worker/src/stream-consumer/lease-table';
import type { StreamConsumerOptions } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.config';
import { StreamConsumer } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.service';
import type { RecordsPage, Shard, StreamSource } from '../../apps/stream-worker/src/stream-consumer/stream-source.port';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { waitFor } from '../helpers/wait-for';

/** A stream of four open, quiet shards: DynamoDB Local gives only one, and splitting needs several. */
class FourQuietShards implements StreamSource {
  readonly shards: Shard[] = ['a', 'b', 'c', 'd'].map((id) => ({ shardId: `shardId-${id}`, closed: false }));
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
 * Lease balancing between two consumers, on a real lease table in DynamoDB Local (the same
 * conditional writes the worker processes use) with a synthetic four-shard stream.
 */
describe('leases split shards between workers', () => {
  let db: TestTable;
  let leaseTableName: string;
  const consumers: StreamConsumer[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await createTestTable();
    leaseTableName = `leases-${randomUUID().slice(0, 8)}`;
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await deleteTable(db.client, leaseTableName);
    await db.drop();
    Logger.overrideLogger(true);
  });

  function startConsumer(workerId: string): StreamConsumer {
    const options: StreamConsumerOptions = {
      leaseTableName,
      workerId,
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
    const consumer = new StreamConsumer(
      new FourQuietShards(),
      new LeaseTable(db.client, db.doc, leaseTableName),
      handler as unknown as UpdateGroupSummariesService,
      new StreamMetrics(),
      options,
    );
    consumers.push(consumer);
    consumer.onApplicationBootstrap();
    return consumer;
  }

  it('two workers starting together end with two shards each, each shard owned by exactly one', async () => {
    const a = startConsumer('worker-a');
    const b = startConsumer('worker-b');

    await waitFor(async () => a.status().shards.length === 2 && b.status().shards.length === 2, { timeoutMs: 20_000 });

    const owned = [...a.status().shards, ...b.status().shards];
    expect(new Set(owned).size).toBe(4);
    const leases = await new LeaseTable(db.client, db.doc, leaseTableName).list();
    for (const lease of leases) {
      expect(lease.leaseOwner).toBe(a.status().shards.includes(lease.leaseKey) ? 'worker-a' : 'worker-b');
    }
  });

  it('a worker that stops releases its shards and the other takes them all at once', async () => {
    const [a, b] = consumers;
    const released = b.status().shards;

    await b.stop();

    await waitFor(async () => a.status().shards.length === 4, { timeoutMs: 10_000 });
    const table = new LeaseTable(db.client, db.doc, leaseTableName);
    // The former owner can no longer checkpoint those shards: its conditional write is refused.
    await expect(table.checkpoint(released[0], 'worker-b', '000000000000000000001')).resolves.toBe(false);
  });

  it('a newcomer steals from the busy worker until both hold their share', async () => {
    const [a] = consumers;
    const c = startConsumer('worker-c');

    await waitFor(async () => c.status().shards.length === 2 && a.status().shards.length === 2, { timeoutMs: 20_000 });
    const leases = await new LeaseTable(db.client, db.doc, leaseTableName).list();
    expect(leases.filter((lease) => lease.leaseOwner === 'worker-c').map((lease) => lease.leaseKey).sort()).toEqual(c.status().shards);
  });
});
