import type { z } from 'zod';
import { CorruptItemError } from '../errors';

/**
 * Every item carries its entity type, so a scan or a stream record says what it is.
 * Mind the two group entities: `GRP` is one member's *summary* of a group (pattern B's list row,
 * one per member, moved as messages arrive); `GROUP` is the group itself (members, sequencer).
 * Likewise `MEMBER` is one member's read state of a group, and `UNREAD` its sparse index entry.
 */
export const EntityType = {
  Message: 'MSG',
  GroupSummary: 'GRP',
  MessageGroup: 'GROUP',
  Idempotency: 'IDEMPOTENCY',
  ReadState: 'MEMBER',
  UnreadEntry: 'UNREAD',
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
