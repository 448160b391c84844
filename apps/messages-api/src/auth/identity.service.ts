import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { type UserProfile, UserNotFoundError, UsersClient } from '@app/users-client';
import { authConfig } from './auth.config';

/**
 * Cognito sub → person, through the users service, remembered briefly: most requests of a
 * session then cost no round trip. "Not registered" is remembered too (more briefly), so a valid
 * token of someone without a Cruddur user cannot turn each request into a call. Outages are
 * never cached.
 *
 * A profile change (docs/design.md §12) must not leave an old name here to be stamped on new
 * messages: `learn` replaces the person's cached profile with a newer version (the instance that
 * handled the change calls it, every other instance on hearing the change's broadcast), and remembers
 * that version, so an answer of the users service that was already on its way with the old profile
 * cannot put it back.
 */
@Injectable()
export class IdentityService {
  private readonly known?: LRUCache<string, UserProfile>;
  private readonly unregistered?: LRUCache<string, true>;
  /** The newest profile learned of each person (by uuid), for as long as a cached profile may live. */
  private readonly latest?: LRUCache<string, UserProfile>;
  private readonly resolvedListeners: Array<(profile: UserProfile) => void> = [];

  constructor(
    private readonly users: UsersClient,
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
  ) {
    // A TTL of 0 turns a cache off (lru-cache would read 0 as "never expires").
    if (config.identityCacheTtlMs > 0) {
      this.known = new LRUCache({ max: 10_000, ttl: config.identityCacheTtlMs });
      this.latest = new LRUCache({ max: 10_000, ttl: config.identityCacheTtlMs });
    }
    if (config.unregisteredCacheTtlMs > 0) this.unregistered = new LRUCache({ max: 10_000, ttl: config.unregisteredCacheTtlMs });
  }

  /** The person of this Cognito sub; UserNotFoundError when there is none. */
  async resolve(sub: string): Promise<UserProfile> {
    const cached = this.known?.get(sub);
    if (cached) return cached;
    if (this.unregistered?.has(sub)) throw new UserNotFoundError(`cognito_user_id ${sub} (remembered)`);
    try {
      const answered = await this.users.resolveCognitoSub(sub);
      const profile = this.newest(answered);
      this.known?.set(sub, profile);
      for (const listener of this.resolvedListeners) listener(answered);
      return profile;
    } catch (error) {
      if (error instanceof UserNotFoundError) this.unregistered?.set(sub, true);
      throw error;
    }
  }

  /** Called with each profile the users service answers (Postgres, the source of truth): see ProfileChanges. */
  onResolved(listener: (profile: UserProfile) => void): void {
    this.resolvedListeners.push(listener);
  }

  /** A person's profile after a change: replaces any older cached copy of it (whatever sub it is cached under). */
  learn(profile: UserProfile): void {
    if (!this.known || !this.latest) return;
    if (this.newest(profile) !== profile) return;
    this.latest.set(profile.uuid, profile);
    for (const [sub, cached] of this.known.entries()) {
      if (cached.uuid === profile.uuid && cached.profile_version < profile.profile_version) this.known.set(sub, profile);
    }
  }

  private newest(profile: UserProfile): UserProfile {
    const learned = this.latest?.get(profile.uuid);
    return learned && learned.profile_version > profile.profile_version ? learned : profile;
  }
}
