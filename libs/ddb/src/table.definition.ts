import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one index: a local secondary index over each person's conversation summaries (GRP items) by
 * their last activity, `${last_message_at}#${message_group_uuid}`. Pattern B and the live-events
 * resume query it, strongly consistently (a person's list shows their own send at once). Sparse:
 * only GRP items carry `activity`, so a message costs no index write; a summary move costs two
 * (its index entry moves), a mark-read one. A local index keeps each person's GRP partition (their
 * conversations, ~0.5 KB each) within 10 GB, i.e. ~20 million conversations per person.
 */
export const CONVERSATION_ACTIVITY_INDEX = 'conversations-by-activity';
export const ACTIVITY_ATTRIBUTE = 'activity';

/** Epoch-seconds attribute after which DynamoDB deletes an item (idempotency records). */
export const TIME_TO_LIVE_ATTRIBUTE = 'expires_at';

/**
 * The messaging table as docs/design.md §3 names it. schema-load and the tests create it from this one
 * definition, so what the tests exercise is what gets deployed.
 */
export function messagingTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: ACTIVITY_ATTRIBUTE, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: CONVERSATION_ACTIVITY_INDEX,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: ACTIVITY_ATTRIBUTE, KeyType: 'RANGE' },
        ],
        // The list shows every attribute of a summary; GRP items are the only ones in the index.
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}
