import type { z } from 'zod';
import { CorruptItemError } from '../errors';

/**
 * Every item carries its entity type, so a scan or a stream record says what it is. Two of them
 * sound alike and are not the same thing:
 * - `GroupSummary` ('GRP', pk `GRP#<ownerUuid>`, sk `GROUP#<messageGroupUuid>`): one member's row in
 *   their list of conversations (pattern B) with their read marker; one per member, listed by
 *   activity through the local index; moved in place by pattern E.
 * - `MessageGroup` ('GROUP', pk `GROUP#<messageGroupUuid>`): the conversation itself, one per pair:
 *   its members (read for membership checks) and the sequencer of its messages.
 * `MEMBER` and `UNREAD` items belong to the data model before stable summaries (read state on items
 * of its own); `npm run ddb -- migrate` folds them into the summaries.
 */
export const EntityType = {
  Message: 'MSG',
  /** A member's summary of a conversation ('GRP'): see above. */
  GroupSummary: 'GRP',
  /** The conversation itself ('GROUP'): see above. */
  MessageGroup: 'GROUP',
  Idempotency: 'IDEMPOTENCY',
  /** Read state before stable summaries (migrated, never written). */
  LegacyReadState: 'MEMBER',
  /** Unread entry before stable summaries (migrated, never written). */
  LegacyUnreadEntry: 'UNREAD',
  /** One person blocking another (BLOCK#<blocker> / BLOCKED#<blocked>). */
  Block: 'BLOCK',
  /** One edit or delete as one member's devices hear of it on a resume (FEED#<member> / <changed_at>#…). */
  MessageChange: 'CHANGE',
  /** A single-use ticket for GET /api/events (browsers' EventSource cannot send a token). */
  EventTicket: 'EVENT_TICKET',
  /** The table's copy of a person's profile at a version (PROFILE#<uuid> / PROFILE), docs/design.md §12. */
  Profile: 'PROFILE',
} as const;
export type EntityType = (typeof EntityType)[keyof typeof EntityType];

/** The key of any item in the messaging table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** Where a listing continues: an item's key, plus its index sort key when the listing reads the activity index. */
export type PageKey = ItemKey & { activity?: string };

export type Item = Record<string, unknown>;

/** Parses a raw item against its entity schema; a mismatch is a CorruptItemError naming the key. */
export function parseItem<TSchema extends z.ZodType>(schema: TSchema, item: Item, entity: EntityType): z.output<TSchema> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const where = `${String(item.pk)} / ${String(item.sk)}`;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new CorruptItemError(`not a ${entity} item (${where}): ${problems}`);
}
