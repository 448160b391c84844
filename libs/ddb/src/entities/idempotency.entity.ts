import { z } from 'zod';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';

/**
 * The remembered outcome of a request sent with an `Idempotency-Key`. It is written in the same
 * transaction as the message it describes, so a retried request finds either both or neither.
 */
export interface IdempotencyRecord {
  ownerUuid: string;
  key: string;
  /** Hash of the request, so the same key with a different request can be refused. */
  requestHash: string;
  /** The serialized response to return again. */
  response: string;
  /** Epoch seconds after which the key may be reused (also the table's TTL attribute). */
  expiresAt: number;
}

export const idempotencyKeys = {
  of: (ownerUuid: string, key: string): ItemKey => ({ pk: `IDEMPOTENCY#${ownerUuid}#${key}`, sk: 'IDEMPOTENCY' }),
};

const idempotencyItemSchema = z.object({
  entity: z.literal(EntityType.Idempotency),
  owner_user_uuid: z.string(),
  idempotency_key: z.string(),
  request_hash: z.string(),
  response: z.string(),
  expires_at: z.number(),
});

export function toIdempotencyItem(record: IdempotencyRecord): Item {
  return {
    ...idempotencyKeys.of(record.ownerUuid, record.key),
    entity: EntityType.Idempotency,
    owner_user_uuid: record.ownerUuid,
    idempotency_key: record.key,
    request_hash: record.requestHash,
    response: record.response,
    expires_at: record.expiresAt,
  };
}

export function fromIdempotencyItem(item: Item): IdempotencyRecord {
  const parsed = parseItem(idempotencyItemSchema, item, EntityType.Idempotency);
  return {
    ownerUuid: parsed.owner_user_uuid,
    key: parsed.idempotency_key,
    requestHash: parsed.request_hash,
    response: parsed.response,
    expiresAt: parsed.expires_at,
  };
}

/** The conditional put of a record: a key is free when unused or expired (TTL deletion lags). */
export function putIdempotencyRecord(tableName: string, record: IdempotencyRecord) {
  return {
    Put: {
      TableName: tableName,
      Item: toIdempotencyItem(record),
      ConditionExpression: 'attribute_not_exists(pk) OR expires_at < :now',
      ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
    },
  };
}
