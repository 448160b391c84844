import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IncomingRequestDeserializer, ServerTCP } from '@nestjs/microservices';
import { AuthenticatingDeserializer, BoundedJsonSocket, UNAUTHENTICATED } from '@app/common';
import { eventsTransportConfig, type EventsTransportOptions, LIVE_DELIVER_PATTERN, type LiveDelivery } from '@app/live-events';
import { LiveHub } from './live-hub';

const EVENT_NAMES = new Set(['message.created', 'message_group.updated', 'message_group.read']);

/** Just enough shape to hand a delivery to a stream; the sender is authenticated, this guards against bugs, not attackers. */
function isDelivery(value: unknown): value is LiveDelivery {
  const delivery = value as Partial<LiveDelivery> | null;
  return (
    typeof delivery?.person === 'string' &&
    EVENT_NAMES.has(delivery.event as string) &&
    typeof delivery.data === 'object' &&
    delivery.data !== null
  );
}

/**
 * With EVENTS_TRANSPORT=tcp (one instance, no broker: what `npm start` runs), messages-api also
 * listens as a Nest TCP microservice on EVENTS_HOST:EVENTS_PORT (127.0.0.1 by default) for the
 * stream-worker's events. Every packet must carry EVENTS_TRANSPORT_SECRET, checked in the
 * deserializer before any handler; frames are bounded like the users service's.
 */
@Injectable()
export class InternalEventsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InternalEventsListener.name);
  private server?: ServerTCP;

  constructor(
    @Inject(eventsTransportConfig.KEY) private readonly transport: EventsTransportOptions,
    private readonly hub: LiveHub,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { client } = this.transport;
    if (client.transport !== 'tcp') return;
    const server = new ServerTCP({
      host: client.host,
      port: client.port,
      socketClass: BoundedJsonSocket,
      deserializer: new AuthenticatingDeserializer(client.secret, new IncomingRequestDeserializer()),
    });
    server.addHandler(
      LIVE_DELIVER_PATTERN,
      async (data: unknown) => {
        if (data === UNAUTHENTICATED) {
          this.logger.warn(`dropped a ${LIVE_DELIVER_PATTERN} packet without the right EVENTS_TRANSPORT_SECRET`);
          return;
        }
        const deliveries = (data as { deliveries?: unknown })?.deliveries;
        if (Array.isArray(deliveries)) this.hub.deliver(deliveries.filter(isDelivery));
      },
      true,
    );
    await new Promise<void>((resolve, reject) => server.listen((error) => (error ? reject(error as Error) : resolve())));
    this.server = server;
    this.logger.log(`listening for the stream-worker's live events on ${client.host}:${client.port}`);
  }

  onApplicationShutdown(): void {
    this.server?.close();
  }
}
