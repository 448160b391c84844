import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What every operation needs: a document client and the table it works on. */
export interface TableContext {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}
