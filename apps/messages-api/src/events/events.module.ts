import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import {
  createLiveEventPublisher,
  createLiveSubscriptions,
  type Deliver,
  eventsTransportConfig,
  type EventsTransportOptions,
} from '@app/live-events';
import { AuthModule } from '../auth/auth.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { EventStreamAuthGuard } from './event-stream-auth.guard';
import { LIVE_EVENT_BROKER, LIVE_SUBSCRIPTIONS } from './events.constants';
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
 * TCP listener) and LivePublisher, which the send path and the read routes (LiveReadEventsPublisher) publish through.
 */
@Module({
  imports: [ConfigModule.forFeature(liveEventsConfig), ConfigModule.forFeature(eventsTransportConfig), AuthModule, ProfilesModule],
  controllers: [EventsController],
  providers: [
    {
      provide: LIVE_SUBSCRIPTIONS,
      inject: [eventsTransportConfig.KEY],
      useFactory: (transport: EventsTransportOptions) => (deliver: Deliver) => createLiveSubscriptions(transport, deliver),
    },
    {
      provide: LIVE_EVENT_BROKER,
      inject: [eventsTransportConfig.KEY],
      // tcp is the worker → this instance direction; this instance's own events stay in process.
      useFactory: (transport: EventsTransportOptions) =>
        transport.client.transport === 'nats' || transport.client.transport === 'redis' ? createLiveEventPublisher(transport) : null,
    },
    LiveHub,
    LivePublisher,
    LiveReadEventsPublisher,
    LiveEventsService,
    EventTicketsService,
    EventStreamAuthGuard,
    InternalEventsListener,
  ],
  exports: [LivePublisher, LiveReadEventsPublisher],
})
export class EventsModule {}
