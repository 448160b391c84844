import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The stream consumer's dead-letter table: one item per stream record that can never apply,
 * keyed by its sequence number (unique within a stream). A table of its own, like the lease table,
 * so writing a dead letter never feeds the messaging table's stream, and `dead-letters list` reads
 * only dead letters.
 */
export function deadLetterTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'sequenceNumber', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'sequenceNumber', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** The dead-letter table's default name for a messaging table: `<table>-dead-letters`. */
export function defaultDeadLetterTableName(messagingTableName: string): string {
  return `${messagingTableName}-dead-letters`;
}
