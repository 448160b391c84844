import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const MESSAGE_GROUP_INDEX = 'message-group-sk-index';

/** Epoch-seconds attribute after which DynamoDB deletes an item (idempotency records). */
export const TIME_TO_LIVE_ATTRIBUTE = 'expires_at';

/**
 * The messaging table as DESIGN §3 names it. schema-load and the tests create it from this one
 * definition, so what the tests exercise is what gets deployed.
 */
export function messagingTableDefinition(tableName: string): CreateTableCommandInput {
  return {
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
        IndexName: MESSAGE_GROUP_INDEX,
        KeySchema: [
          { AttributeName: 'message_group_uuid', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}
