import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { Logger } from '@nestjs/common';
import { ddbConfig, type GroupSummary, type Message, type Person } from '@app/ddb';
import type { GroupEventsPublisher } from '../../apps/stream-worker/src/events/group-events.publisher';
import { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import type { ChangeRecord } from '../../apps/stream-worker/src/record-processing/change-record';
import { DynamoDbStreamSource } from '../../apps/stream-worker/src/stream-consumer/dynamodb-stream-source';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { summaryProblems } from '../helpers/message-load';
import { aPerson } from '../helpers/people';
import { waitFor } from '../helpers/wait-for';

/** Replays and late records, fed to the pattern E handler as the stream really delivered them. */
describe('replaying old stream records through the handler', () => {
  let db: TestTable;
  let streams: DynamoDBStreamsClient;
  let service: UpdateGroupSummariesService;
  /** The last message of every summary a batch moved (what `message_group.updated` announced). */
  const emitted: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await createTestTable();
    const options = ddbConfig();
    streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials });
    const events = {
      published: (_messages: Message[], moved: GroupSummary[]) => emitted.push(...new Set(moved.map((summary) => summary.lastMessageUuid))),
    } as unknown as GroupEventsPublisher;
    service = new UpdateGroupSummariesService(db.table, { concurrency: 4 }, new StreamMetrics(), events);
  });
  afterAll(async () => {
    streams.destroy();
    await db.drop();
    Logger.overrideLogger(true);
  });

  /** The MSG insert records of the stream for `messages`, read back through the worker's own stream source. */
  async function streamRecordsOf(messages: Message[]): Promise<Map<string, ChangeRecord>> {
    const source = new DynamoDbStreamSource(db.client, streams, db.tableName);
    const wanted = new Set(messages.map((message) => message.messageUuid));
    return waitFor(async () => {
      const arn = await source.latestStreamArn();
      const found = new Map<string, ChangeRecord>();
      for (const shard of await source.listShards(arn)) {
        let iterator: string | null = await source.shardIterator(arn, shard.shardId, { type: 'TRIM_HORIZON' });
        while (iterator) {
          const page = await source.getRecords(iterator, 1000);
          for (const record of page.records) {
            const uuid = record.newImage?.message_uuid as { S?: string } | undefined;
            if (record.eventName === 'INSERT' && uuid?.S && wanted.has(uuid.S)) found.set(uuid.S, record);
          }
          iterator = page.records.length > 0 ? page.nextIterator : null;
        }
      }
      return found.size === wanted.size ? found : null;
    });
  }

  it('moves nothing backwards when older records arrive after newer ones, alone, in batches or again', async () => {
    const [alice, bob]: Person[] = [aPerson(), aPerson()];
    const { message: first } = await db.table.createMessageGroup({
      sender: alice,
      recipient: bob,
      message: 'first',
      createdAt: '2026-11-21T10:00:00.000Z',
    });
    const post = (sender: Person, message: string, createdAt: string) =>
      db.table.putMessage({ messageGroupUuid: first.messageGroupUuid, sender, message, createdAt });
    const second = await post(bob, 'second', '2026-11-21T10:00:01.000Z');
    const third = await post(alice, 'third', '2026-11-21T10:00:02.000Z');
    const records = await streamRecordsOf([first, second, third]);
    const recordOf = (message: Message) => records.get(message.messageUuid)!;
    const group = { messageGroupUuid: first.messageGroupUuid, members: [alice, bob] as [Person, Person] };

    const allApplied = async (batch: ChangeRecord[]) =>
      (await service.processRecords(batch)).every((outcome) => outcome.kind === 'applied');
    await expect(allApplied([recordOf(third)])).resolves.toBe(true);
    expect(await summaryProblems(db, [group])).toEqual([]);

    // The older records, late: one by one, as one batch out of order, and the whole history replayed twice.
    await expect(allApplied([recordOf(second)])).resolves.toBe(true);
    await expect(allApplied([recordOf(first)])).resolves.toBe(true);
    await expect(allApplied([recordOf(second), recordOf(first)])).resolves.toBe(true);
    const history = [recordOf(first), recordOf(second), recordOf(third)];
    await expect(allApplied([...history, ...history])).resolves.toBe(true);

    expect(await summaryProblems(db, [group])).toEqual([]);
    const [summary] = (await db.table.listMessageGroups(alice.uuid)).items;
    expect(summary).toMatchObject({ lastMessage: 'third', lastMessageAt: third.createdAt });
    expect(emitted).toEqual([third.messageUuid]);
  });
});
