import { type Message, MessagingTable } from '@app/ddb';
import type { GroupEventsPublisher } from '../../apps/stream-worker/src/events/group-events.publisher';
import { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { ScriptedStream, useConsumerSuite } from '../helpers/in-process-consumer';
import { createGroups, type LoadGroup } from '../helpers/message-load';
import { throttledClient } from '../helpers/throttled-table';
import { waitFor } from '../helpers/wait-for';

const OUTAGE_MS = 5000;

/**
 * docs/design.md §10: the worker never checkpoints past a message it has not applied because of a retryable
 * failure. Two synthetic shards carry real MSG records of groups in DynamoDB Local; the table
 * throttles every call about one group for 5 s (longer than any per-record retry budget).
 */
/**
 * The test's own limit, above the sum of its waits: readers, refusals, the other shard, the
 * outage (OUTAGE_MS + 5 s) and the held shard (15 s each otherwise) — about 75 s at most.
 */
const TEST_TIMEOUT_MS = 100_000;

describe('a retryable failure holds its shard', () => {
  const suite = useConsumerSuite();

  async function summaryShows(group: LoadGroup, message: Message): Promise<boolean> {
    const summaries = await Promise.all(group.members.map((member) => suite.db.table.listMessageGroups(member.uuid)));
    return summaries.every((page) => page.items.length === 1 && page.items[0].lastMessage === message.message);
  }

  it(
    'applies a message throttled for 5 s after the outage, never checkpoints past it before, and the other shard keeps flowing',
    async () => {
      const [held, flowing] = await createGroups(suite.db, 2);
      const throttled = throttledClient(suite.db.doc, held.messageGroupUuid);
      const metrics = new StreamMetrics();
      const processor = new UpdateGroupSummariesService(
        new MessagingTable(throttled.doc, suite.db.tableName),
        { concurrency: 8 },
        metrics,
        { published: () => undefined, changed: () => undefined } as unknown as GroupEventsPublisher,
      );
      const stream = new ScriptedStream(['shardId-held', 'shardId-flowing']);
      const started = suite.start({ workerId: 'worker', stream, metrics, processor });
      const { leaseTable } = started;
      const { consumer } = started;
      await waitFor(async () => consumer.status().readers === 2);

      throttled.throttleFor(OUTAGE_MS);
      const stuck = await suite.db.table.putMessage({
        messageGroupUuid: held.messageGroupUuid,
        sender: held.members[1],
        message: 'sent into the throttling',
      });
      const stuckSequence = stream.append('shardId-held', stuck);
      await waitFor(async () => throttled.refusals() > 0);

      // The other shard is not held up: its message applies while the first is still throttled.
      const other = await suite.db.table.putMessage({
        messageGroupUuid: flowing.messageGroupUuid,
        sender: flowing.members[0],
        message: 'on the other shard',
      });
      const otherSequence = stream.append('shardId-flowing', other);
      await waitFor(async () => (await summaryShows(flowing, other)) && (await checkpointOf('shardId-flowing')) === otherSequence);
      expect(throttled.active()).toBe(true);

      // Throughout the outage the held shard's checkpoint stays before the throttled message.
      const checkpointsDuringOutage: string[] = [];
      let stalledSeen = false;
      await waitFor(
        async () => {
          if (!throttled.active()) return true;
          checkpointsDuringOutage.push(await checkpointOf('shardId-held'));
          if (consumer.status().stalled.some((stall) => stall.shardId === 'shardId-held')) {
            const scrape = await metrics.registry.metrics();
            stalledSeen ||=
              scrape.includes('stream_worker_shard_stalled{shard="shardId-held"} 1') &&
              /stream_worker_oldest_unapplied_record_age_seconds\{shard="shardId-held"\} [1-9]/.test(scrape);
          }
          return false;
        },
        { timeoutMs: OUTAGE_MS + 5000, intervalMs: 100 },
      );
      expect(checkpointsDuringOutage.length).toBeGreaterThan(10);
      expect(new Set(checkpointsDuringOutage)).toEqual(new Set(['TRIM_HORIZON']));
      // …and it showed: the shard counted as stalled, with the unapplied record's age.
      expect(stalledSeen).toBe(true);

      // Afterwards, with no newer message to cover for it, the throttled one is applied and only then checkpointed.
      await waitFor(async () => (await summaryShows(held, stuck)) && (await checkpointOf('shardId-held')) === stuckSequence, {
        timeoutMs: 15_000,
      });
      expect((await metrics.recordFailures.get()).values[0]?.value ?? 0).toBe(0);
      expect(consumer.status().stalled).toEqual([]);

      async function checkpointOf(shardId: string): Promise<string> {
        return (await leaseTable.list()).find((lease) => lease.leaseKey === shardId)!.checkpoint;
      }
    },
    TEST_TIMEOUT_MS,
  );
});
