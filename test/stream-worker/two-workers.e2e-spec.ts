import { setTimeout as delay } from 'node:timers/promises';
import { defaultLeaseTableName } from '@app/ddb';
import { deleteTable } from '@app/dev-infra';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { createGroups, leaseItems, sendMessages, summaryProblems } from '../helpers/message-load';
import { killAllWorkers, startWorker, type WorkerProcess } from '../helpers/stream-worker';
import { testSignal } from '../helpers/test-scope';
import { waitFor } from '../helpers/wait-for';

/**
 * The test's own limit, above the sum of its waits: two workers starting (≤ 30 s each, in
 * parallel), one owner (15 s), two checkpoints (15 s), the take-over (20 s), the summaries settling
 * (30 s) — 110 s at most on a loaded 2-core machine; it usually takes 10–20 s.
 */
const TEST_TIMEOUT_MS = 150_000;

/**
 * DynamoDB Local gives a table's stream a single shard, so two worker processes cannot split
 * shards here: one must hold the only lease while the other stands by, and the stand-by must take
 * over after the holder dies. (Splitting several shards between workers is shown in
 * lease-splitting.e2e-spec.ts, on the same lease table code with a synthetic multi-shard stream.)
 */
describe('two stream-workers on one stream', () => {
  let db: TestTable;

  beforeAll(async () => {
    db = await createTestTable();
  });
  afterAll(async () => {
    await killAllWorkers();
    await deleteTable(db.client, defaultLeaseTableName(db.tableName));
    await db.drop();
  });

  it(
    'keep one owner per shard, and the survivor takes over a killed owner’s shard after expiry',
    async () => {
      const leaseTable = defaultLeaseTableName(db.tableName);
      const groups = await createGroups(db, 50);
      const workers = await Promise.all([startWorker(db.tableName, 'worker-a'), startWorker(db.tableName, 'worker-b')]);

      // Watch ownership for the whole test: every owner ever seen, in order, and how many workers
      // claimed the shard at once. The watcher stops when the test body is done, and, whatever
      // happens, when the test ends (testSignal), so a failure cannot leave it polling.
      const ownersSeen: string[] = [];
      let mostHoldersAtOnce = 0;
      const watching = new AbortController();
      const stopWatching = AbortSignal.any([watching.signal, testSignal()]);
      const alive = new Set<WorkerProcess>(workers);
      const watch = (async () => {
        while (!stopWatching.aborted) {
          // The lease table appears when the first worker creates it.
          const [lease] = await leaseItems(db, leaseTable).catch(() => []);
          const owner = lease?.leaseOwner as string | undefined;
          if (owner && ownersSeen.at(-1) !== owner) ownersSeen.push(owner);
          const held = await Promise.all([...alive].map((worker) => worker.metric('stream_worker_leases_held').catch(() => 0)));
          mostHoldersAtOnce = Math.max(
            mostHoldersAtOnce,
            held.reduce((sum, count) => sum + count, 0),
          );
          await delay(100, undefined, { signal: stopWatching }).catch(() => undefined);
        }
      })();

      await waitFor(
        async () =>
          ownersSeen.length === 1 &&
          (await Promise.all(workers.map((w) => w.metric('stream_worker_leases_held')))).reduce((a, b) => a + b) === 1,
      );
      const owner = workers.find((worker) => worker.workerId === ownersSeen[0])!;
      const standBy = workers.find((worker) => worker !== owner)!;
      expect(await standBy.metric('stream_worker_leases_held')).toBe(0);

      // 200 messages over 50 groups: the owner checkpoints before it dies and the survivor has work left.
      const load = sendMessages(db, groups, 200, 5);
      await waitFor(async () => (await owner.metric('stream_worker_checkpoints_total')) >= 2);
      alive.delete(owner);
      await owner.kill('SIGKILL');

      await waitFor(async () => (await standBy.metric('stream_worker_leases_held')) === 1, { timeoutMs: 20_000 });
      await load;
      await waitFor(async () => (await summaryProblems(db, groups)).length === 0, { timeoutMs: 30_000, intervalMs: 250 }).catch(async () =>
        expect(await summaryProblems(db, groups)).toEqual([]),
      );
      watching.abort();
      await watch;

      expect(ownersSeen).toEqual([owner.workerId, standBy.workerId]);
      expect(mostHoldersAtOnce).toBe(1);
      expect(await standBy.metric('stream_worker_lease_takeovers_total{kind="free"}')).toBe(1);
      expect(await standBy.metric('stream_worker_record_failures_total')).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
