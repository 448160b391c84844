import { DeleteTableCommand, type DynamoDBClient, paginateListTables, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import { createTable, enableTimeToLive, messagingTableDefinition, TableNotFoundError, translated } from '@app/ddb';

const WAIT_SECONDS = 60;

/** Creates the messaging table (and its TTL) and waits until it is ACTIVE; `exists` if it was already there. */
export async function createMessagingTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const outcome = await createTable(client, messagingTableDefinition(tableName));
  await enableTimeToLive(client, tableName);
  return outcome;
}

/** Deletes a table and waits until it is gone; `missing` if there was none. */
export async function deleteTable(client: DynamoDBClient, tableName: string): Promise<'deleted' | 'missing'> {
  try {
    await translated(() => client.send(new DeleteTableCommand({ TableName: tableName })));
  } catch (error) {
    if (error instanceof TableNotFoundError) return 'missing';
    throw error;
  }
  await waitUntilTableNotExists({ client, maxWaitTime: WAIT_SECONDS }, { TableName: tableName });
  return 'deleted';
}

/** Every table name, across all pages of ListTables. */
export async function listTableNames(client: DynamoDBClient): Promise<string[]> {
  return translated(async () => {
    const names: string[] = [];
    for await (const page of paginateListTables({ client }, {})) names.push(...(page.TableNames ?? []));
    return names;
  });
}
