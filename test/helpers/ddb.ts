import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClients, ddbConfig, type Message, MessagingTable, type Person } from '@app/ddb';
import { createMessagingTable, deleteTable } from '@app/dev-infra';
import { aPerson } from './people';
import { suiteScoped } from './suite-scoped';

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

/** The suite's own messaging table: created in beforeAll, dropped in afterAll. */
export function useTestTable(): TestTable {
  let db: TestTable | undefined;
  beforeAll(async () => {
    db = await createTestTable();
  });
  afterAll(async () => {
    await db?.drop();
    db = undefined;
  });
  return suiteScoped('the test table', () => db);
}

/** Two people and their conversation, new for each test. */
export interface PairUnderTest {
  alice: Person;
  bob: Person;
  groupUuid: string;
  /** The message alice opened the conversation with. */
  first: Message;
}

/**
 * Before each test: two new people, and a conversation alice opens with `opening` (so no test
 * sees another's messages). The returned object holds the current test's pair.
 */
export function usePairPerTest(db: TestTable, opening: { message: string; createdAt?: string }): PairUnderTest {
  const pair = {} as PairUnderTest;
  beforeEach(async () => {
    const [alice, bob] = [aPerson(), aPerson()];
    const { message: first } = await db.table.createMessageGroup({ sender: alice, recipient: bob, ...opening });
    Object.assign(pair, { alice, bob, groupUuid: first.messageGroupUuid, first });
  });
  return pair;
}
