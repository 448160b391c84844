import { type Message, messageFromStreamImage } from '@app/ddb';
import type { ChangeRecord } from '../record-processing/change-record';

/** What pattern E makes of one record. */
export type RecordIntent =
  | { kind: 'apply'; record: ChangeRecord; message: Message }
  | { kind: 'ignore'; record: ChangeRecord }
  | { kind: 'reject'; record: ChangeRecord; reason: string };

/**
 * Pattern E cares only about new messages: an INSERT of a MSG item. GRP and GROUP items (which
 * pattern E itself writes) and every MODIFY or REMOVE are ignored. A MSG insert whose image does not
 * parse, or that has no image at all (a stream not in NEW_IMAGE mode), can never apply: it is
 * rejected at once instead of being retried.
 */
export function intentOf(record: ChangeRecord): RecordIntent {
  if (record.eventName !== 'INSERT') return { kind: 'ignore', record };
  if (!record.newImage) return { kind: 'reject', record, reason: 'INSERT record without a new image (the stream must be NEW_IMAGE)' };
  try {
    const message = messageFromStreamImage(record.newImage);
    return message ? { kind: 'apply', record, message } : { kind: 'ignore', record };
  } catch (error) {
    return { kind: 'reject', record, reason: (error as Error).message };
  }
}
