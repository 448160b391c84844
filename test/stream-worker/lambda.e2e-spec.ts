import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { NestFactory } from '@nestjs/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type Message, toMessageItem } from '@app/ddb';
import { closeLambdaContext, handler } from '../../apps/stream-worker/src/lambda';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { createGroups, summaryProblems } from '../helpers/message-load';

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
    await db.drop();
  });

  it('applies the 9 good records of a batch and reports exactly the poison record by sequence number', async () => {
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

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumbers[4] }] });
    expect(await summaryProblems(db, groups)).toEqual([]);
  });

  it('reuses its Nest context on the next invocation (one per container)', async () => {
    const createContext = jest.spyOn(NestFactory, 'createApplicationContext');
    await expect(handler({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
    expect(createContext).not.toHaveBeenCalled();
    createContext.mockRestore();
  });
});
