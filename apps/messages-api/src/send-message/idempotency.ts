import { createHash } from 'node:crypto';
import type { IdempotencyRecord } from '@app/ddb';
import { normalizeHandle } from '@app/users-client';
import type { SendMessageDto } from './send-message.dto';

/** Idempotency-Key: 1–255 visible ASCII characters (UUIDs, ULIDs, anything a client generates). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** How long a key remembers its first response. */
const TTL_SECONDS = 24 * 3600;

/** A fingerprint of what was asked, so one key cannot be reused for a different message. */
export function requestHash(body: SendMessageDto): string {
  const canonical = JSON.stringify([
    body.message,
    body.message_group_uuid ?? null,
    body.handle === undefined ? null : normalizeHandle(body.handle),
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

export function idempotencyRecord(ownerUuid: string, key: string, body: SendMessageDto, response: unknown): IdempotencyRecord {
  return {
    ownerUuid,
    key,
    requestHash: requestHash(body),
    response: JSON.stringify(response),
    expiresAt: Math.floor(Date.now() / 1000) + TTL_SECONDS,
  };
}
