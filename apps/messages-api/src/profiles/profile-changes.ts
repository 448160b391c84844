import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  createProfileChangeBroadcast,
  eventsTransportConfig,
  type EventsTransportOptions,
  type ProfileChangeBroadcast,
} from '@app/live-events';
import { setTimeout as delay } from 'node:timers/promises';
import type { UserProfile } from '@app/users-client';
import { IdentityService } from '../auth/identity.service';
import { ProfileDirectory } from './profile-directory';

/** How long a change's answer waits for its announcement to reach the broker (a broker that is down must not hold it up). */
const ANNOUNCE_WAIT_MS = 500;

/**
 * How every messages-api instance learns of a profile change (docs/design.md §12), so none keeps
 * stamping the old name on new messages for the rest of its identity cache's TTL: the instance that
 * made the change learns it in process at once, and announces it on the live events' broker (nats or
 * redis; `<EVENTS_CHANNEL_PREFIX>profiles`), which every instance subscribes to at boot. With `none`
 * or `tcp` there is one instance, and nothing to announce. An instance that misses an announcement
 * (broker down) shows the change on messages after PROFILE_DIRECTORY_TTL_MS and stamps it after
 * AUTH_IDENTITY_CACHE_TTL_MS.
 *
 * Postgres is the source of truth, and every profile the users service answers this instance (an
 * identity-cache miss: about once per AUTH_IDENTITY_CACHE_TTL_MS per active person) is checked
 * against the table's copy (ProfileDirectory.ensureCopy): a copy left behind — an instance that died
 * between a change's commit and its copy — is written then, so the copies and the summaries they
 * feed converge on the person's next request instead of on their next change.
 */
@Injectable()
export class ProfileChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProfileChanges.name);
  private readonly broadcast: ProfileChangeBroadcast | null;

  constructor(
    private readonly identity: IdentityService,
    private readonly directory: ProfileDirectory,
    @Inject(eventsTransportConfig.KEY) transport: EventsTransportOptions,
  ) {
    this.broadcast = createProfileChangeBroadcast(transport, (change) => this.learn(change));
    identity.onResolved((profile) => {
      this.directory.ensureCopy(profile).then(
        (written) => written && this.learn(profile),
        (error: Error) => this.logger.warn(`could not check ${profile.uuid}'s profile copy: ${error.message}`),
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // A broker that is down at boot must not stop the API: live events say so too, and caches expire.
    await this.broadcast?.start().catch((error: Error) => this.logger.warn(`profile changes will not be heard: ${error.message}`));
  }

  /**
   * This instance's own change: learned here at once, then announced to the others. Settles once the
   * broker has the announcement (at most ANNOUNCE_WAIT_MS), so the change's answer leaves after it;
   * never fails the request.
   */
  async changed(profile: UserProfile): Promise<void> {
    this.learn(profile);
    if (!this.broadcast) return;
    const announced = this.broadcast
      .publish(profile)
      .catch((error: Error) => this.logger.warn(`could not announce a profile change: ${error.message}`));
    await Promise.race([announced, delay(ANNOUNCE_WAIT_MS, undefined, { ref: false })]);
  }

  private learn(profile: UserProfile): void {
    this.identity.learn(profile);
    this.directory.learn(profile);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broadcast?.close();
  }
}
