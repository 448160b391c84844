import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventsModule } from '../events/events.module';
import { groupSummariesConfig } from '../group-summaries/group-summaries.config';
import { MetricsModule } from '../metrics/metrics.module';
import { ProfileFanoutService } from './profile-fanout.service';

/** Profile changes into the other members' summaries (docs/design.md §12). Needs MessagingTable from a global DdbModule. */
@Module({
  imports: [ConfigModule.forFeature(groupSummariesConfig), EventsModule, MetricsModule],
  providers: [ProfileFanoutService],
  exports: [ProfileFanoutService],
})
export class ProfilesModule {}
