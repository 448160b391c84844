import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { NestFactory } from '@nestjs/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DeadLetterStore, defaultDeadLetterTableName, type Message, MessagingTable, toMessageItem } from '@app/ddb';
import { deleteTable } from '@app/dev-infra';
import type { GroupEventsPublisher } from '../../apps/stream-worker/src/events/group-events.publisher';
import { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { closeLambdaContext, handleStreamEvent, handler } from '../../apps/stream-worker/src/lambda';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { createGroups, summaryProblems } from '../helpers/message-load';
import { throttledClient } from '../helpers/throttled-table';

/** A stream record exactly as a DynamoDB Streams event source mapping hands it to Lambda. */
function lambdaRecord(message: Message, sequenceNumber: string): DynamoDBRecord {
  const item = toMessageItem(message);
  return {
    eventID: randomUUID(),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: Date.parse(message.createdAt) / 1000,
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item) as never,
      SequenceNumber: sequenceNumber,
      SizeBytes: 400,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/test/stream/2026-11-21T00:00:00.000',
  };
}

describe('the Lambda entry (DynamoDB Streams event source mapping)', () => {
  let db: TestTable;

  beforeAll(async () => {
    db = await createTestTable();
    // Read when the handler creates its Nest context, on the first invocation.
    process.env.DDB_TABLE_NAME = db.tableName;
  });
  afterAll(async () => {
    await closeLambdaContext();
    await deleteTable(db.client, defaultDeadLetterTableName(db.tableName));
    await db.drop();
  });

  const deadLetters = () => new DeadLetterStore(db.client, db.doc, defaultDeadLetterTableName(db.tableName));

  it('applies the 9 good records of a batch, dead-letters the poison record and reports nothing (it would stall the shard)', async () => {
    const groups = await createGroups(db, 9);
    const messages = await Promise.all(
      groups.map((group, i) =>
        db.table.putMessage({ messageGroupUuid: group.messageGroupUuid, sender: group.members[1], message: `via lambda ${i}` }),
      ),
    );
    // A message for a group that does not exist: it can never apply.
    const poison: Message = { ...messages[0], messageUuid: randomUUID(), messageGroupUuid: randomUUID(), message: 'poison' };
    const batch = [...messages.slice(0, 4), poison, ...messages.slice(4)];
    const sequenceNumbers = batch.map((_, i) => String(4_000_000 + i).padStart(21, '0'));
    const event: DynamoDBStreamEvent = { Records: batch.map((message, i) => lambdaRecord(message, sequenceNumbers[i])) };

    const response = await handler(event);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await summaryProblems(db, groups)).toEqual([]);
    expect(await deadLetters().list()).toEqual([
      expect.objectContaining({
        sequenceNumber: sequenceNumbers[4],
        reasonCode: 'orphan_message',
        shardId: event.Records[0].eventSourceARN,
      }),
    ]);
  });

  it('with a retryable failure at position 3 and a poison record at position 5, reports exactly the retryable one and dead-letters the poison', async () => {
    const groups = await createGroups(db, 6);
    const messages = await Promise.all(
      groups.map((group, i) =>
        db.table.putMessage({ messageGroupUuid: group.messageGroupUuid, sender: group.members[0], message: `batch 2, ${i}` }),
      ),
    );
    const poison: Message = { ...messages[0], messageUuid: randomUUID(), messageGroupUuid: randomUUID(), message: 'poison 2' };
    // Positions 1..7: the third is throttled for the whole invocation, the fifth can never apply.
    const batch = [messages[0], messages[1], messages[2], messages[3], poison, messages[4], messages[5]];
    const sequenceNumbers = batch.map((_, i) => String(5_000_000 + i).padStart(21, '0'));
    const event: DynamoDBStreamEvent = { Records: batch.map((message, i) => lambdaRecord(message, sequenceNumbers[i])) };
    const throttled = throttledClient(db.doc, messages[2].messageGroupUuid);
    throttled.throttleFor(60_000);
    const processor = new UpdateGroupSummariesService(
      new MessagingTable(throttled.doc, db.tableName),
      { concurrency: 8 },
      new StreamMetrics(),
      { published: () => undefined, changed: () => undefined } as unknown as GroupEventsPublisher,
    );

    const response = await handleStreamEvent(event, {
      processor,
      deadLetters: deadLetters(),
      // A budget of seconds, so even a slow machine retries more than once before reporting.
      options: { retry: { baseMs: 10, capMs: 50 }, lambdaRetryBudgetMs: 2000 },
    });

    // Lambda checkpoints before the lowest reported sequence number and retries everything from it: the poison
    // record is retried too, and its dead letter (written now) keeps its first entry.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumbers[2] }] });
    expect(throttled.refusals()).toBeGreaterThan(1); // retried within the invocation before it was reported
    expect((await deadLetters().get(sequenceNumbers[4]))?.reasonCode).toBe('orphan_message');
    const unthrottled = groups.filter((_, i) => i !== 2);
    expect(await summaryProblems(db, unthrottled)).toEqual([]);
  });

  it('reuses its Nest context on the next invocation (one per container)', async () => {
    const createContext = jest.spyOn(NestFactory, 'createApplicationContext');
    await expect(handler({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
    expect(createContext).not.toHaveBeenCalled();
    createContext.mockRestore();
  });
});
