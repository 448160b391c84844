import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { fromIdempotencyItem, type IdempotencyRecord, idempotencyKeys } from '../entities/idempotency.entity';
import { translated } from '../errors';
import type { TableContext } from './table-context';

/** The live record of a person's Idempotency-Key (strongly consistent), or null if unused or expired. */
export async function getIdempotencyRecord(table: TableContext, ownerUuid: string, key: string): Promise<IdempotencyRecord | null> {
  const output = await translated(() =>
    table.doc.send(new GetCommand({ TableName: table.tableName, Key: idempotencyKeys.of(ownerUuid, key), ConsistentRead: true })),
  );
  if (!output.Item) return null;
  const record = fromIdempotencyItem(output.Item);
  return record.expiresAt < Math.floor(Date.now() / 1000) ? null : record;
}
