import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  ListTablesCommand,
  type TableDescription,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { ResourceInUseError, TableNotFoundError, translated } from './errors';
import { deadLetterTableDefinition } from './dead-letter-table.definition';
import { leaseTableDefinition } from './lease-table.definition';
import { messagingTableDefinition, TIME_TO_LIVE_ATTRIBUTE } from './table.definition';

const WAIT_SECONDS = 60;

/** Creates the messaging table and waits until it is ACTIVE; `exists` if it was already there. */
export async function createMessagingTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<'created' | 'exists'> {
  const outcome = await createTable(client, messagingTableDefinition(tableName));
  await enableTimeToLive(client, tableName);
  return outcome;
}

/** Creates the stream consumer's lease table and waits until it is ACTIVE; `exists` if it was already there. */
export async function createLeaseTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  return createTable(client, leaseTableDefinition(tableName));
}

/** Creates the stream consumer's dead-letter table and waits until it is ACTIVE; `exists` if it was already there. */
export async function createDeadLetterTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  return createTable(client, deadLetterTableDefinition(tableName));
}

async function createTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<'created' | 'exists'> {
  const tableName = definition.TableName;
  try {
    await translated(() => client.send(new CreateTableCommand(definition)));
  } catch (error) {
    if (!(error instanceof ResourceInUseError)) throw error;
    await waitUntilTableExists({ client, maxWaitTime: WAIT_SECONDS }, { TableName: tableName });
    return 'exists';
  }
  await waitUntilTableExists({ client, maxWaitTime: WAIT_SECONDS }, { TableName: tableName });
  return 'created';
}

/** Expired idempotency records are deleted by DynamoDB's TTL (not part of CreateTable). */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const current = await translated(() => client.send(new DescribeTimeToLiveCommand({ TableName: tableName })));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await translated(() =>
    client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: TIME_TO_LIVE_ATTRIBUTE },
      }),
    ),
  );
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
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await translated(() => client.send(new ListTablesCommand({ ExclusiveStartTableName: start })));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  return names;
}

export async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const output = await translated(() => client.send(new DescribeTableCommand({ TableName: tableName })));
  if (!output.Table) throw new Error(`DescribeTable returned no description for ${tableName}`);
  return output.Table;
}
