import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { InvalidConfigError } from '@app/common';
import { MetricsModule } from '../metrics/metrics.module';
import { eventsConfig, type EventsOptions } from './events.config';
import { GROUP_EVENTS_CLIENT } from './events.constants';
import { GroupEventsPublisher } from './group-events.publisher';

/** The npm package Nest loads for a broker transport; not installed by default, so checked at boot. */
const BROKER_PACKAGES = new Map<Transport, string>([
  [Transport.NATS, 'nats'],
  [Transport.REDIS, 'ioredis'],
]);

function createEventsClient({ client }: EventsOptions): ClientProxy | null {
  if (client.transport === 'none') return null;
  const brokerPackage = BROKER_PACKAGES.get(client.transport);
  if (brokerPackage) {
    // Nest would otherwise call process.exit on the first emit; a boot-time message is kinder.
    try {
      require.resolve(brokerPackage);
    } catch {
      throw new InvalidConfigError('events', [
        `EVENTS_TRANSPORT: the ${brokerPackage} package is needed for this transport (npm i -E ${brokerPackage})`,
      ]);
    }
  }
  return ClientProxyFactory.create(client);
}

/** The outgoing events of the worker (`message_group.updated`). */
@Module({
  imports: [ConfigModule.forFeature(eventsConfig), MetricsModule],
  providers: [
    { provide: GROUP_EVENTS_CLIENT, inject: [eventsConfig.KEY], useFactory: createEventsClient },
    GroupEventsPublisher,
  ],
  exports: [GroupEventsPublisher],
})
export class EventsModule {}
