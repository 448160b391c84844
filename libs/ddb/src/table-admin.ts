import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { ResourceInUseError, TableNotFoundError, translated } from './errors';
import { deadLetterTableDefinition } from './dead-letter-table.definition';
import { leaseTableDefinition } from './lease-table.definition';
import { TIME_TO_LIVE_ATTRIBUTE } from './table.definition';

const WAIT_SECONDS = 60;

/** Creates the stream consumer's lease table and waits until it is ACTIVE; `exists` if it was already there. */
export async function createLeaseTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  return ensureTable(client, leaseTableDefinition(tableName));
}

/** Creates the stream consumer's dead-letter table and waits until it is ACTIVE; `exists` if it was already there. */
export async function createDeadLetterTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  return ensureTable(client, deadLetterTableDefinition(tableName));
}

/**
 * `exists` at the cost of one DescribeTable when the table is already ACTIVE (the usual case at a
 * worker's start), else createTable. Tables the worker makes for itself, as the KCL does.
 */
async function ensureTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<'created' | 'exists'> {
  try {
    if ((await describeTable(client, definition.TableName!)).TableStatus === 'ACTIVE') return 'exists';
  } catch (error) {
    if (!(error instanceof TableNotFoundError)) throw error;
  }
  return createTable(client, definition);
}

/** Creates a table from its definition and waits until it is ACTIVE; `exists` if it was already there. */
export async function createTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<'created' | 'exists'> {
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

/** Expired idempotency records are deleted by DynamoDB's TTL (not part of CreateTable), so schema loads call this after createTable. */
export async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
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

/** The table's description (key schema, indexes, status, stream ARN). */
export async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const output = await translated(() => client.send(new DescribeTableCommand({ TableName: tableName })));
  if (!output.Table) throw new Error(`DescribeTable returned no description for ${tableName}`);
  return output.Table;
}
