import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  createProfileChangeBroadcast,
  eventsTransportConfig,
  type EventsTransportOptions,
  type ProfileChangeBroadcast,
} from '@app/live-events';
import type { UserProfile } from '@app/users-client';
import { IdentityService } from '../auth/identity.service';
import { ProfileDirectory } from './profile-directory';

/**
 * How every messages-api instance learns of a profile change (docs/design.md §12), so none keeps
 * stamping the old name on new messages for the rest of its identity cache's TTL: the instance that
 * made the change learns it in process at once, and announces it on the live events' broker (nats or
 * redis; `<EVENTS_CHANNEL_PREFIX>profiles`), which every instance subscribes to at boot. With `none`
 * or `tcp` there is one instance, and nothing to announce. An instance that misses an announcement
 * (broker down) shows the change on messages after PROFILE_DIRECTORY_TTL_MS and stamps it after
 * AUTH_IDENTITY_CACHE_TTL_MS.
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
  }

  async onApplicationBootstrap(): Promise<void> {
    // A broker that is down at boot must not stop the API: live events say so too, and caches expire.
    await this.broadcast?.start().catch((error: Error) => this.logger.warn(`profile changes will not be heard: ${error.message}`));
  }

  /** This instance's own change: learned here at once, then announced to the others (never fails the request). */
  changed(profile: UserProfile): void {
    this.learn(profile);
    this.broadcast?.publish(profile).catch((error: Error) => this.logger.warn(`could not announce a profile change: ${error.message}`));
  }

  private learn(profile: UserProfile): void {
    this.identity.learn(profile);
    this.directory.learn(profile);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broadcast?.close();
  }
}
