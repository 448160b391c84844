import { IncomingRequestDeserializer, type MicroserviceOptions, NatsRequestJSONDeserializer, Transport } from '@nestjs/microservices';
import { AuthenticatingDeserializer, BoundedJsonSocket, type UsersTransportOptions } from '@app/common';

/**
 * The users service's server options: the configured transport, every packet checked for
 * USERS_TRANSPORT_SECRET (wrapping that transport's default deserializer), and on TCP a bounded
 * frame buffer.
 */
export function usersServerOptions(transport: UsersTransportOptions, secret: string): MicroserviceOptions {
  switch (transport.transport) {
    case Transport.NATS:
      return {
        transport: Transport.NATS,
        options: { ...transport.options, deserializer: new AuthenticatingDeserializer(secret, new NatsRequestJSONDeserializer()) },
      };
    case Transport.REDIS:
      return {
        transport: Transport.REDIS,
        options: { ...transport.options, deserializer: new AuthenticatingDeserializer(secret, new IncomingRequestDeserializer()) },
      };
    case Transport.TCP:
      return {
        transport: Transport.TCP,
        options: {
          ...transport.options,
          socketClass: BoundedJsonSocket,
          deserializer: new AuthenticatingDeserializer(secret, new IncomingRequestDeserializer()),
        },
      };
  }
}
