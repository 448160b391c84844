import { type ClientOptions, Transport } from '@nestjs/microservices';
// Nest's own NATS serializer is not re-exported from the package root; it is the transport's default.
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { AuthenticatingSerializer, type UsersTransportOptions } from '@app/common';

/**
 * ClientProxy options for the users service: the configured transport, every request carrying
 * USERS_TRANSPORT_SECRET (without it the service answers `unauthorized` and runs nothing).
 */
export function usersClientOptions(transport: UsersTransportOptions, secret: string): ClientOptions {
  const serializer = new AuthenticatingSerializer(secret, transport.transport === Transport.NATS ? new NatsRecordSerializer() : undefined);
  return { ...transport, options: { ...transport.options, serializer } } as ClientOptions;
}
