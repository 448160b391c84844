import { defaultLeaseTableName } from '@app/ddb';
import { deleteTable } from '@app/dev-infra';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { createGroups, leaseItems, type LoadGroup, sendMessages, summaryProblems } from '../helpers/message-load';
import { streamSequenceNumbers } from '../helpers/stream-records';
import { killAllWorkers, startWorker } from '../helpers/stream-worker';
import { waitFor } from '../helpers/wait-for';

const GROUPS = 50;
/** Four messages per group on average: enough to interleave every group's records; more proves nothing more. */
const MESSAGES = 200;

/**
 * Each test's own limit, above the sum of its waits: a worker starting (≤ 30 s, twice in the
 * second test), its lease or checkpoints (15 s), the summaries settling (30 s) and the read count
 * (15 s) — 120 s at most on a loaded 2-core machine; each usually takes 5–15 s.
 */
const TEST_TIMEOUT_MS = 150_000;

/** Waits until every summary is right; on timeout, fails listing what is still wrong. */
async function expectSummariesSettle(db: TestTable, groups: LoadGroup[], timeoutMs = 30_000): Promise<void> {
  try {
    await waitFor(async () => (await summaryProblems(db, groups)).length === 0, { timeoutMs, intervalMs: 250 });
  } catch {
    expect(await summaryProblems(db, groups)).toEqual([]);
  }
}

describe('stream-worker on the table’s stream (pattern E)', () => {
  let db: TestTable;

  beforeEach(async () => {
    db = await createTestTable();
  });
  afterEach(async () => {
    await killAllWorkers();
    await deleteTable(db.client, defaultLeaseTableName(db.tableName));
    await db.drop();
  });

  it(
    'moves every group’s two summaries to its newest message: 200 messages across 50 groups, sent at once',
    async () => {
      const groups = await createGroups(db, GROUPS);
      const worker = await startWorker(db.tableName, 'solo');
      await waitFor(async () => (await worker.metric('stream_worker_leases_held')) === 1);

      await sendMessages(db, groups, MESSAGES);

      await expectSummariesSettle(db, groups);
      expect(await worker.metric('stream_worker_record_failures_total')).toBe(0);
      expect(await worker.metric('stream_worker_records_handled_total{outcome="moved"}')).toBeGreaterThanOrEqual(GROUPS);
      expect(await worker.metric('stream_worker_group_summary_lag_seconds_count')).toBeGreaterThanOrEqual(GROUPS);
      const ready = await fetch(`http://127.0.0.1:${worker.port}/ready`);
      expect(ready.status).toBe(200);

      // A graceful stop releases the lease, so another worker need not wait for it to expire.
      await worker.kill('SIGTERM');
      const [lease] = await leaseItems(db, defaultLeaseTableName(db.tableName));
      expect(lease.leaseOwner).toBeUndefined();
      expect(lease.checkpoint).toMatch(/^\d+$/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'loses and duplicates nothing when SIGKILLed in the middle of the load and started again',
    async () => {
      const groups = await createGroups(db, GROUPS);
      const first = await startWorker(db.tableName, 'first');
      let loadSent = false;
      const load = sendMessages(db, groups, MESSAGES, 5).finally(() => (loadSent = true));
      await waitFor(async () => (await first.metric('stream_worker_checkpoints_total')) >= 2);

      await first.kill('SIGKILL');
      expect(loadSent).toBe(false); // it really died in the middle of the load
      const [leaseAtKill] = await leaseItems(db, defaultLeaseTableName(db.tableName));
      expect(leaseAtKill.leaseOwner).toBe('first'); // killed: it could not release its lease
      await load;

      const second = await startWorker(db.tableName, 'second');
      await expectSummariesSettle(db, groups);
      const [lease] = await leaseItems(db, defaultLeaseTableName(db.tableName));
      expect(lease).toMatchObject({ leaseOwner: 'second', leaseKey: leaseAtKill.leaseKey });
      expect(await second.metric('stream_worker_record_failures_total')).toBe(0);

      // It resumed right after the dead worker's last checkpoint: every later record read once, none before it.
      const afterCheckpoint = async () =>
        (await streamSequenceNumbers(db)).filter((sequenceNumber) => sequenceNumber > String(leaseAtKill.checkpoint)).length;
      await waitFor(async () => (await second.metric('stream_worker_records_read_total')) === (await afterCheckpoint()));
    },
    TEST_TIMEOUT_MS,
  );
});
