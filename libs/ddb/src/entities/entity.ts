import type { z } from 'zod';
import { CorruptItemError } from '../errors';

/**
 * Every item carries its entity type, so a scan or a stream record says what it is. Two of them
 * sound alike and are not the same thing:
 * - `GroupSummary` ('GRP', pk `GRP#<ownerUuid>`): one member's row in their list of conversations
 *   (pattern B), one per member, sorted by last-message time; moved by pattern E.
 * - `MessageGroup` ('GROUP', pk `GROUP#<messageGroupUuid>`): the conversation itself, one per pair:
 *   its members (read for membership checks) and the message its summaries point at (the lock
 *   pattern E moves them under).
 * Likewise `MEMBER` ('MEMBER#<personUuid>', sk `GROUP#<g>`) is one member's read state of a
 * conversation, and `UNREAD` (sk `UNREAD#<g>`) its sparse index entry, present only while unread > 0.
 */
export const EntityType = {
  Message: 'MSG',
  /** A member's summary of a conversation ('GRP'): see above. */
  GroupSummary: 'GRP',
  /** The conversation itself ('GROUP'): see above. */
  MessageGroup: 'GROUP',
  Idempotency: 'IDEMPOTENCY',
  ReadState: 'MEMBER',
  UnreadEntry: 'UNREAD',
  /** A single-use ticket for GET /api/events (browsers' EventSource cannot send a token). */
  EventTicket: 'EVENT_TICKET',
} as const;
export type EntityType = (typeof EntityType)[keyof typeof EntityType];

/** The key of any item in the messaging table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

export type Item = Record<string, unknown>;

/** Parses a raw item against its entity schema; a mismatch is a CorruptItemError naming the key. */
export function parseItem<TSchema extends z.ZodType>(schema: TSchema, item: Item, entity: EntityType): z.output<TSchema> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  const where = `${String(item.pk)} / ${String(item.sk)}`;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new CorruptItemError(`not a ${entity} item (${where}): ${problems}`);
}
