import { entityFromStreamImage, type Message, type ProfileCopy } from '@app/ddb';
import type { ChangeRecord } from '../record-processing/change-record';

/** What pattern E makes of one record. */
export type RecordIntent =
  | { kind: 'apply'; record: ChangeRecord; message: Message }
  /** An edit or delete of a message (a MODIFY of its MSG item that raised its revision): docs/design.md §12. */
  | { kind: 'change'; record: ChangeRecord; message: Message }
  /** A person's profile copy written (docs/design.md §12): copied into the other members' summaries (../profiles). */
  | { kind: 'profile'; record: ChangeRecord; profile: ProfileCopy }
  | { kind: 'ignore'; record: ChangeRecord }
  | { kind: 'reject'; record: ChangeRecord; reason: string };

/**
 * Pattern E cares about new messages (an INSERT of a MSG item) and their changes (a MODIFY of one
 * that carries a revision: an edit or a delete). GRP and GROUP items (which pattern E itself writes),
 * the other entities, and REMOVEs are ignored. A MSG record whose image does not
 * parse, or that has no image at all (a stream not in NEW_IMAGE mode), can never apply: it is
 * rejected at once instead of being retried.
 */
export function intentOf(record: ChangeRecord): RecordIntent {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return { kind: 'ignore', record };
  if (!record.newImage)
    return { kind: 'reject', record, reason: `${record.eventName} record without a new image (the stream must be NEW_IMAGE)` };
  try {
    const entity = entityFromStreamImage(record.newImage);
    if (entity?.profile) return { kind: 'profile', record, profile: entity.profile };
    const message = entity?.message;
    if (!message) return { kind: 'ignore', record };
    if (record.eventName === 'INSERT') return { kind: 'apply', record, message };
    return message.revision ? { kind: 'change', record, message } : { kind: 'ignore', record };
  } catch (error) {
    return { kind: 'reject', record, reason: (error as Error).message };
  }
}
