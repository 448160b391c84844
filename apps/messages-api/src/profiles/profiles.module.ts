import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { eventsTransportConfig } from '@app/live-events';
import { AuthModule } from '../auth/auth.module';
import { ProfileChanges } from './profile-changes';
import { ProfileDirectory } from './profile-directory';
import { profilesConfig } from './profiles.config';

/**
 * People as they are now (docs/design.md §12): the directory reads show senders through, and how a
 * profile change reaches every instance's caches. Needs MessagingTable from the app's global DdbModule.
 */
@Module({
  imports: [ConfigModule.forFeature(profilesConfig), ConfigModule.forFeature(eventsTransportConfig), AuthModule],
  providers: [ProfileDirectory, ProfileChanges],
  exports: [ProfileDirectory, ProfileChanges],
})
export class ProfilesModule {}
