import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { eventsTransportConfig } from '@app/live-events';
import { AuthModule } from '../auth/auth.module';
import { EventStreamAuthGuard } from './event-stream-auth.guard';
import { EventTicketsService } from './event-tickets.service';
import { EventsController } from './events.controller';
import { InternalEventsListener } from './internal-events.listener';
import { LiveEventsService } from './live-events.service';
import { liveEventsConfig } from './live-events.config';
import { LiveHub } from './live-hub';
import { LivePublisher } from './live-publisher';
import { LiveReadEventsPublisher } from './live-read-events.publisher';

/**
 * Live events (docs/design.md §8): the SSE endpoint and its tickets, this instance's streams (LiveHub),
 * where they come from (a broker's per-person subscriptions, or the stream-worker over the internal
 * TCP listener) and LivePublisher, which the send path (and later the read routes) publish through.
 */
@Module({
  imports: [ConfigModule.forFeature(liveEventsConfig), ConfigModule.forFeature(eventsTransportConfig), AuthModule],
  controllers: [EventsController],
  providers: [LiveHub, LivePublisher, LiveReadEventsPublisher, LiveEventsService, EventTicketsService, EventStreamAuthGuard, InternalEventsListener],
  exports: [LivePublisher, LiveReadEventsPublisher],
})
export class EventsModule {}
