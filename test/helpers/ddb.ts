import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClients, ddbConfig, MessagingTable } from '@app/ddb';
import { createMessagingTable, deleteTable } from '@app/dev-infra';

export interface TestTable {
  table: MessagingTable;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tableName: string;
  drop(): Promise<void>;
}

/** A fresh messaging table (created from the real definition) on the run's DynamoDB Local. */
export async function createTestTable(): Promise<TestTable> {
  const tableName = `test-${randomUUID().slice(0, 8)}`;
  const { client, doc } = createDynamoDbClients({ ...ddbConfig(), tableName });
  await createMessagingTable(client, tableName);
  return {
    table: new MessagingTable(doc, tableName),
    client,
    doc,
    tableName,
    async drop() {
      await deleteTable(client, tableName);
      client.destroy();
    },
  };
}
