import { defaultLeaseTableName } from '@app/ddb';
import type { TestTable } from '../helpers/ddb';
import { createGroups, leaseItems, sendMessages, summaryProblems } from '../helpers/message-load';
import { type RestartableDynamoDb, startRestartableDynamoDb } from '../helpers/restartable-dynamodb';
import { streamSequenceNumbers } from '../helpers/stream-records';
import { killAllWorkers, startWorker, type WorkerProcess } from '../helpers/stream-worker';
import { waitFor } from '../helpers/wait-for';

/**
 * The drill's DynamoDB Local restart, made deterministic: DynamoDB stays down until the worker has
 * gone a whole lease duration without renewing (so its reader gives the lease up), then comes back
 * on the same port and data. A lone worker must get its lease back by itself and carry on from its
 * checkpoint, with no restart.
 */
/**
 * The test's own limit, above the sum of its waits: the worker starting (≤ 30 s), settling, the
 * checkpoint, the lease lost, settling again and the read count (20 + 10 + 20 + 20 + 10 s), and
 * DynamoDB Local restarting — about 120 s at most on a loaded 2-core machine; it usually takes 15 s.
 */
const TEST_TIMEOUT_MS = 150_000;

describe('stream-worker through a DynamoDB outage', () => {
  let dynamoDb: RestartableDynamoDb;
  let db: TestTable;

  beforeAll(async () => {
    dynamoDb = await startRestartableDynamoDb();
    db = await dynamoDb.createTable();
  });
  afterAll(async () => {
    await killAllWorkers();
    await db?.drop();
    await dynamoDb?.close();
  });

  /** waitFor, failing with what the worker printed (its warnings tell the story of the outage). */
  function until<T>(worker: WorkerProcess, probe: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
    return waitFor(probe, { timeoutMs, intervalMs: 100 }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- worker output ---\n${worker.output()}`);
    });
  }

  it(
    'a lone worker takes its lease back when DynamoDB returns and resumes from its checkpoint, skipping nothing',
    async () => {
      const leaseTable = defaultLeaseTableName(db.tableName);
      const groups = await createGroups(db, 5);
      const worker = await startWorker(db.tableName, 'lone', { DDB_ENDPOINT: dynamoDb.endpoint });
      await sendMessages(db, groups, 20);
      await until(worker, async () => (await summaryProblems(db, groups)).length === 0, 20_000);
      // Quiet and fully checkpointed: the lease's checkpoint is the stream's last record.
      const leaseBefore = await until(
        worker,
        async () => {
          const [lease] = await leaseItems(db, leaseTable);
          return lease?.checkpoint === (await streamSequenceNumbers(db, dynamoDb.endpoint)).at(-1) && lease;
        },
        10_000,
      );
      expect(leaseBefore.leaseOwner).toBe('lone');

      await dynamoDb.stop();
      // Renewals fail; once a whole lease duration has passed, the worker can no longer assume the
      // shard is its own (another worker may have taken it), so its reader stops.
      await until(worker, async () => (await worker.metric('stream_worker_leases_lost_total')) >= 1, 20_000);
      await dynamoDb.start();

      // Nobody else is there to take the shard back: the worker itself must, or nothing moves again.
      await sendMessages(db, groups, 10);
      await until(worker, async () => (await summaryProblems(db, groups)).length === 0, 20_000);
      const [lease] = await leaseItems(db, leaseTable);
      expect(lease).toMatchObject({ leaseKey: leaseBefore.leaseKey, leaseOwner: 'lone' });
      expect(await worker.metric('stream_worker_leases_held')).toBe(1);

      // It carried on after its checkpoint: every record on the stream read exactly once over the
      // worker's life (a restart from TRIM_HORIZON would read the old ones again; a skip would miss some).
      await until(
        worker,
        async () =>
          (await worker.metric('stream_worker_records_read_total')) === (await streamSequenceNumbers(db, dynamoDb.endpoint)).length,
        10_000,
      );
      expect(await worker.metric('stream_worker_record_failures_total')).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
