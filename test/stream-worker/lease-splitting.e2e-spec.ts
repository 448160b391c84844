import type { StreamConsumer } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.service';
import { LeaseTable } from '../../apps/stream-worker/src/stream-consumer/lease-table';
import { QuietStream, useConsumerSuite } from '../helpers/in-process-consumer';
import { waitFor } from '../helpers/wait-for';

/**
 * Lease balancing between two consumers, on a real lease table in DynamoDB Local (the same
 * conditional writes the worker processes use) with a synthetic four-shard stream.
 */
describe('leases split shards between workers', () => {
  const suite = useConsumerSuite();
  const consumers: StreamConsumer[] = [];

  function startConsumer(workerId: string): StreamConsumer {
    // DynamoDB Local gives only one shard; splitting needs several.
    const stream = new QuietStream(['a', 'b', 'c', 'd'].map((id) => `shardId-${id}`));
    const { consumer } = suite.start({ workerId, stream });
    consumers.push(consumer);
    return consumer;
  }

  it('two workers starting together end with two shards each, each shard owned by exactly one', async () => {
    const a = startConsumer('worker-a');
    const b = startConsumer('worker-b');

    await waitFor(async () => a.status().shards.length === 2 && b.status().shards.length === 2, { timeoutMs: 20_000 });

    const owned = [...a.status().shards, ...b.status().shards];
    expect(new Set(owned).size).toBe(4);
    const leases = await new LeaseTable(suite.db.client, suite.db.doc, suite.leaseTableName).list();
    for (const lease of leases) {
      expect(lease.leaseOwner).toBe(a.status().shards.includes(lease.leaseKey) ? 'worker-a' : 'worker-b');
    }
  });

  it('a worker that stops releases its shards and the other takes them all at once', async () => {
    const [a, b] = consumers;
    const released = b.status().shards;

    await b.stop();

    await waitFor(async () => a.status().shards.length === 4, { timeoutMs: 10_000 });
    const table = new LeaseTable(suite.db.client, suite.db.doc, suite.leaseTableName);
    // The former owner can no longer checkpoint those shards: its conditional write is refused.
    await expect(table.checkpoint(released[0], 'worker-b', '000000000000000000001')).resolves.toBe(false);
  });

  it('a newcomer steals from the busy worker until both hold their share', async () => {
    const [a] = consumers;
    const c = startConsumer('worker-c');

    await waitFor(async () => c.status().shards.length === 2 && a.status().shards.length === 2, { timeoutMs: 20_000 });
    const leases = await new LeaseTable(suite.db.client, suite.db.doc, suite.leaseTableName).list();
    expect(
      leases
        .filter((lease) => lease.leaseOwner === 'worker-c')
        .map((lease) => lease.leaseKey)
        .sort(),
    ).toEqual(c.status().shards);
  });
});
