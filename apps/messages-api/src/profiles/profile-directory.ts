import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { type Message, MessagingTable, nowIso, type Person } from '@app/ddb';
import type { UserProfile } from '@app/users-client';
import { profilesConfig } from './profiles.config';

/** A cached answer: the person's current profile copy, or version 0 for someone never changed (their stamped names stand). */
interface Known {
  person: Person | null;
  version: number;
}

/**
 * Who people are now, for showing them on messages (docs/design.md §12). Messages keep the name they
 * were sent with; a read shows the sender's current one over it, from the table's PROFILE copies
 * (one eventually consistent BatchGetItem of the senders not cached, ½ RCU each), remembered for
 * PROFILE_DIRECTORY_TTL_MS. A change learned here (this instance's own, or another's broadcast)
 * replaces the cached copy at once; a read never puts back an older version than one learned.
 */
@Injectable()
export class ProfileDirectory {
  private readonly cache?: LRUCache<string, Known>;

  constructor(
    private readonly table: MessagingTable,
    @Inject(profilesConfig.KEY) config: ConfigType<typeof profilesConfig>,
  ) {
    // A TTL of 0 turns the cache off (lru-cache would read 0 as "never expires").
    if (config.directoryTtlMs > 0) this.cache = new LRUCache({ max: 10_000, ttl: config.directoryTtlMs });
  }

  /** These messages with each sender shown as they are now. */
  async withCurrentSenders(messages: Message[]): Promise<Message[]> {
    if (messages.length === 0) return messages;
    const people = await this.current(messages.map((message) => message.sender.uuid));
    return messages.map((message) => {
      const person = people.get(message.sender.uuid);
      return person ? { ...message, sender: person } : message;
    });
  }

  /** The current profile of each of these people who ever changed it. */
  async current(userUuids: readonly string[]): Promise<Map<string, Person>> {
    const found = new Map<string, Person>();
    const missing: string[] = [];
    for (const uuid of new Set(userUuids)) {
      const known = this.cache?.get(uuid);
      if (!known) missing.push(uuid);
      else if (known.person) found.set(uuid, known.person);
    }
    if (missing.length === 0) return found;
    const copies = await this.table.profileCopies(missing);
    for (const uuid of missing) {
      const copy = copies.get(uuid);
      const known = this.remember(uuid, copy ? { person: copy.person, version: copy.version } : { person: null, version: 0 });
      if (known.person) found.set(uuid, known.person);
    }
    return found;
  }

  /**
   * Makes sure the table's copy is at `profile`'s version (from the users service, the source of
   * truth): nothing for someone never changed (version 1) or whose copy is known to be there; else
   * one read of the copy (½ RCU) and, only if it is behind, the forward-only write (1 WCU), whose
   * stream record brings the summaries along. True when it wrote.
   */
  async ensureCopy(profile: UserProfile): Promise<boolean> {
    if (profile.profile_version <= 1 || (this.cache?.get(profile.uuid)?.version ?? 0) >= profile.profile_version) return false;
    const copy = (await this.table.profileCopies([profile.uuid])).get(profile.uuid);
    if (copy && copy.version >= profile.profile_version) {
      this.remember(profile.uuid, { person: copy.person, version: copy.version });
      return false;
    }
    const person = { uuid: profile.uuid, handle: profile.handle, displayName: profile.display_name };
    const written = await this.table.putProfileCopy({ person, version: profile.profile_version, updatedAt: nowIso() });
    return written === 'written';
  }

  /** A change of profile, learned by this instance: shown from now on (unless a later one is known). */
  learn(profile: UserProfile): void {
    this.remember(profile.uuid, {
      person: { uuid: profile.uuid, handle: profile.handle, displayName: profile.display_name },
      version: profile.profile_version,
    });
  }

  private remember(uuid: string, answer: Known): Known {
    const cached = this.cache?.get(uuid);
    if (cached && cached.version > answer.version) return cached;
    this.cache?.set(uuid, answer);
    return answer;
  }
}
