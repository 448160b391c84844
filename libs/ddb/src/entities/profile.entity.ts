import { z } from 'zod';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';
import type { Person } from './person';

/**
 * The table's copy of one person's profile (docs/design.md §12): their display name and handle at a
 * profile version. Postgres holds the truth; this copy is written after each change, only ever to a
 * higher version, and its stream record is what makes the stream-worker copy the name into the other
 * members' summaries. Messages keep the name they were sent with; reads show this one over it.
 */
export interface ProfileCopy {
  person: Person;
  /** The Postgres profile version this copy shows (1 is the profile as created). */
  version: number;
  updatedAt: string;
}

const PREFIX = 'PROFILE#';
const SORT_KEY = 'PROFILE';

/** Key shapes of PROFILE items: one item in a partition of its own per person (the only place they are built). */
export const profileKeys = {
  of: (userUuid: string): ItemKey => ({ pk: `${PREFIX}${userUuid}`, sk: SORT_KEY }),
};

export function toProfileItem(profile: ProfileCopy): Item {
  return {
    ...profileKeys.of(profile.person.uuid),
    entity: EntityType.Profile,
    user_uuid: profile.person.uuid,
    user_display_name: profile.person.displayName,
    user_handle: profile.person.handle,
    profile_version: profile.version,
    updated_at: profile.updatedAt,
  };
}

const profileItemSchema = z.object({
  entity: z.literal(EntityType.Profile),
  user_uuid: z.string(),
  user_display_name: z.string(),
  user_handle: z.string(),
  profile_version: z.number().int().min(1),
  updated_at: z.string(),
});

export function isProfileItem(item: Item): boolean {
  return item.entity === EntityType.Profile;
}

export function fromProfileItem(item: Item): ProfileCopy {
  const parsed = parseItem(profileItemSchema, item, EntityType.Profile);
  return {
    person: { uuid: parsed.user_uuid, displayName: parsed.user_display_name, handle: parsed.user_handle },
    version: parsed.profile_version,
    updatedAt: parsed.updated_at,
  };
}
