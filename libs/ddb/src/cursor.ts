import { InvalidCursorError } from './errors';
import type { PageKey } from './entities/entity';

const MAX_CURSOR_LENGTH = 512;

/**
 * Cursors are opaque to clients: base64url of the last key of a page. Decoding checks that the
 * cursor belongs to the listing it is used with and that its sort key has the shape this library
 * writes, so a tampered or foreign cursor is an InvalidCursorError, never a query on odd keys.
 */
export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify({ pk: key.pk, sk: key.sk, ...(key.activity ? { activity: key.activity } : {}) }), 'utf8').toString(
    'base64url',
  );
}

/** The key a cursor holds; `activityPattern` when the listing reads the activity index (whose key the cursor then carries). */
export function decodeCursor(cursor: string, expectedPartition: string, sortPattern: RegExp, activityPattern?: RegExp): PageKey {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError('cursor is not one this API produced');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this API produced');
  }
  const { pk, sk, activity } = (decoded ?? {}) as Partial<PageKey>;
  if (typeof pk !== 'string' || typeof sk !== 'string' || !sortPattern.test(sk)) {
    throw new InvalidCursorError('cursor is not one this API produced');
  }
  if (activityPattern && (typeof activity !== 'string' || !activityPattern.test(activity))) {
    throw new InvalidCursorError('cursor is not one this API produced');
  }
  if (pk !== expectedPartition) throw new InvalidCursorError('cursor belongs to another listing');
  return activityPattern ? { pk, sk, activity } : { pk, sk };
}
