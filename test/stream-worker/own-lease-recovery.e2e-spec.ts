import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { QuietStream, useConsumerSuite } from '../helpers/in-process-consumer';
import { waitFor } from '../helpers/wait-for';

/**
 * A lone worker whose own lease slipped out of its hands while the lease table still names it
 * (here: a renewal that reached DynamoDB but whose reply was lost, as happens when DynamoDB goes
 * down mid-request). Nobody else will ever take that lease, so the worker must take it back.
 * The outage itself is in dynamodb-outage.e2e-spec.ts; this is the same rule, on a real lease table.
 */
describe('a worker and a lease of its own that it no longer works on', () => {
  const suite = useConsumerSuite();

  it('takes it back at once after a renewal whose reply was lost, and reads the shard again', async () => {
    const metrics = new StreamMetrics();
    const started = suite.start({ workerId: 'lone', stream: new QuietStream(['shardId-only']), metrics });
    const { consumer: running, leaseTable } = started;
    await waitFor(async () => running.status().readers === 1);
    const leasesLost = async () => (await metrics.leasesLost.get()).values[0]?.value ?? 0;
    const reclaimed = async () =>
      (await metrics.leaseTakeovers.get()).values.find((sample) => sample.labels.kind === 'reclaimed')?.value ?? 0;

    // What the lost reply leaves behind: the counter moved on, the owner is still this worker.
    await suite.db.doc.send(
      new UpdateCommand({
        TableName: suite.leaseTableName,
        Key: { leaseKey: 'shardId-only' },
        UpdateExpression: 'SET leaseCounter = leaseCounter + :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );

    // Its next renewal is refused, so it gives the lease up...
    await waitFor(async () => (await leasesLost()) === 1, { timeoutMs: 10_000 });
    // ...and takes it back without waiting for it to expire (it is the only worker: nobody else would).
    await waitFor(async () => running.status().readers === 1 && (await reclaimed()) === 1, { timeoutMs: 10_000 });
    expect(running.status().shards).toEqual(['shardId-only']);
    const [lease] = await leaseTable.list();
    expect(lease.leaseOwner).toBe('lone');
  });
});
