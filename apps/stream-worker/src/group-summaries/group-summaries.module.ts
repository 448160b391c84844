import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventsModule } from '../events/events.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { groupSummariesConfig } from './group-summaries.config';
import { UpdateGroupSummariesService } from './update-group-summaries.service';

/**
 * Pattern E's handler, shared by both entry points (the stream poller and the Lambda handler).
 * It needs MessagingTable from a global DdbModule, which each root module provides once.
 */
@Module({
  imports: [ConfigModule.forFeature(groupSummariesConfig), EventsModule, MetricsModule, ProfilesModule],
  providers: [UpdateGroupSummariesService],
  exports: [UpdateGroupSummariesService],
})
export class GroupSummariesModule {}
