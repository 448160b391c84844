import { type ClientOptions, type Serializer, Transport } from '@nestjs/microservices';
// Nest's own NATS serializer is not re-exported from the package root; it is the transport's default.
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import type { UsersTransportOptions } from '@app/common';
import { USERS_TRANSPORT_AUTH_FIELD } from './users.contract';

/** Adds the shared secret to every outgoing packet, then hands it to the transport's own serializer. */
class AuthenticatingSerializer implements Serializer {
  constructor(
    private readonly secret: string,
    private readonly transportSerializer?: Serializer,
  ) {}

  serialize(packet: object, options?: Record<string, unknown>): unknown {
    const signed = { ...packet, [USERS_TRANSPORT_AUTH_FIELD]: this.secret };
    return this.transportSerializer ? this.transportSerializer.serialize(signed, options) : signed;
  }
}

/**
 * ClientProxy options for the users service: the configured transport, every request carrying
 * USERS_TRANSPORT_SECRET (without it the service answers `unauthorized` and runs nothing).
 */
export function usersClientOptions(transport: UsersTransportOptions, secret: string): ClientOptions {
  const serializer = new AuthenticatingSerializer(secret, transport.transport === Transport.NATS ? new NatsRecordSerializer() : undefined);
  return { ...transport, options: { ...transport.options, serializer } } as ClientOptions;
}
