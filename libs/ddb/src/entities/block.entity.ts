import { CorruptItemError } from '../errors';
import { EntityType, type Item, type ItemKey } from './entity';
import type { Person } from './person';

/** One person blocking another (docs/design.md §12): listed by the blocker, checked by a new conversation's transaction. */
export interface Block {
  blockerUuid: string;
  blocked: Person;
  blockedAt: string;
}

const PREFIX = 'BLOCK#';
const SORT_PREFIX = 'BLOCKED#';

/** Key shapes of BLOCK items: one partition per blocker (GET /api/blocks is one Query), one item per person blocked. */
export const blockKeys = {
  partition: (blockerUuid: string): string => `${PREFIX}${blockerUuid}`,
  of: (blockerUuid: string, blockedUuid: string): ItemKey => ({ pk: `${PREFIX}${blockerUuid}`, sk: `${SORT_PREFIX}${blockedUuid}` }),
};

export function toBlockItem(block: Block): Item {
  return {
    ...blockKeys.of(block.blockerUuid, block.blocked.uuid),
    entity: EntityType.Block,
    blocker_uuid: block.blockerUuid,
    user_uuid: block.blocked.uuid,
    user_display_name: block.blocked.displayName,
    user_handle: block.blocked.handle,
    blocked_at: block.blockedAt,
  };
}

export function fromBlockItem(item: Item): Block {
  const text = (name: string) => {
    if (typeof item[name] !== 'string') throw new CorruptItemError(`not a BLOCK item (${String(item.pk)} / ${String(item.sk)}): ${name}`);
    return item[name] as string;
  };
  if (item.entity !== EntityType.Block) throw new CorruptItemError(`not a BLOCK item (${String(item.pk)} / ${String(item.sk)})`);
  return {
    blockerUuid: text('blocker_uuid'),
    blocked: { uuid: text('user_uuid'), displayName: text('user_display_name'), handle: text('user_handle') },
    blockedAt: text('blocked_at'),
  };
}
