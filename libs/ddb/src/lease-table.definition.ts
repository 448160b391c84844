import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The stream consumer's lease table (one item per shard: owner, counter, checkpoint), named after
 * the messaging table by default.
 *
 * It is a separate table, not a key space inside the messaging table, for the reason the Kinesis
 * Client Library gives: a lease or checkpoint write into the messaging table would itself appear
 * on that table's stream and feed back into the consumer (a renewal every few seconds per shard,
 * forever). A separate table also keeps scans, backups and the messaging table's capacity clean.
 */
export function leaseTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'leaseKey', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'leaseKey', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** The lease table's default name for a messaging table: `<table>-leases`. */
export function defaultLeaseTableName(messagingTableName: string): string {
  return `${messagingTableName}-leases`;
}
