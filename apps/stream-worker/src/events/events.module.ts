import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { createLiveEventPublisher, eventsTransportConfig } from '@app/live-events';
import { MetricsModule } from '../metrics/metrics.module';
import { LIVE_EVENT_PUBLISHER } from './events.constants';
import { GroupEventsPublisher } from './group-events.publisher';

/**
 * The worker's outgoing live events (`message.created`, `message_group.updated`) over
 * EVENTS_TRANSPORT: to messages-api's internal listener (tcp), or through NATS or Redis to every
 * instance. NATS goes through Nest 12's own NATS package, `@nats-io/transport-node`.
 */
@Module({
  imports: [ConfigModule.forFeature(eventsTransportConfig), MetricsModule],
  providers: [
    { provide: LIVE_EVENT_PUBLISHER, inject: [eventsTransportConfig.KEY], useFactory: createLiveEventPublisher },
    GroupEventsPublisher,
  ],
  exports: [GroupEventsPublisher],
})
export class EventsModule {}
