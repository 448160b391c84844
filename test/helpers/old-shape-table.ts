import { randomUUID } from 'node:crypto';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deleteTable } from '@app/dev-infra';

/** A table of the data model before stable summaries (what `npm run ddb -- migrate` moves from). */
export interface OldShapeTable {
  tableName: string;
  /** Writes items as that model stored them (25 per BatchWriteItem). */
  put(items: Array<Record<string, unknown>>): Promise<void>;
  drop(): Promise<void>;
}

/** Creates a table as the model before stable summaries defined it: the GSI `message-group-sk-index` every item fed. */
export async function createOldShapeTable(client: DynamoDBClient, doc: DynamoDBDocumentClient): Promise<OldShapeTable> {
  const tableName = `old-${randomUUID().slice(0, 8)}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'message_group_uuid', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'message-group-sk-index',
          KeySchema: [
            { AttributeName: 'message_group_uuid', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  return {
    tableName,
    async put(items) {
      for (let start = 0; start < items.length; start += 25) {
        const batch = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
        await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: batch } }));
      }
    },
    drop: async () => void (await deleteTable(client, tableName)),
  };
}
