import { createHash, timingSafeEqual } from 'node:crypto';
import type { ConsumerDeserializer, IncomingEvent, IncomingRequest, Serializer } from '@nestjs/microservices';

/** The packet field that carries an internal transport's shared secret, beside `pattern`/`data`/`id`. */
export const TRANSPORT_AUTH_FIELD = 'auth';

/**
 * Stands in for the payload of a packet that failed the secret check: the sender's data never
 * reaches a pipe or handler, and the receiving side answers or drops it as `unauthorized`.
 */
export const UNAUTHENTICATED = Symbol('internal transport: unauthenticated packet');

/** SHA-256 of a secret, the form `secretMatches` compares against. */
export const secretDigest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison: hashing first gives equal lengths, so not even the length leaks. */
export function secretMatches(given: unknown, expectedDigest: Buffer): boolean {
  return typeof given === 'string' && timingSafeEqual(secretDigest(given), expectedDigest);
}

/**
 * Wraps a transport's own deserializer and checks the shared secret on every incoming packet
 * before Nest picks a handler. The secret is stripped; a packet without the right one keeps its
 * id and pattern (so a caller gets an answer) but its data becomes UNAUTHENTICATED.
 * Used by the users service (USERS_TRANSPORT_SECRET) and messages-api's internal events listener
 * (EVENTS_TRANSPORT_SECRET).
 */
export class AuthenticatingDeserializer implements ConsumerDeserializer {
  private readonly expectedDigest: Buffer;

  constructor(
    secret: string,
    private readonly transportDeserializer: ConsumerDeserializer,
  ) {
    this.expectedDigest = secretDigest(secret);
  }

  async deserialize(value: unknown, options?: Record<string, unknown>): Promise<IncomingRequest | IncomingEvent> {
    const packet = (await this.transportDeserializer.deserialize(value, options)) as (IncomingRequest | IncomingEvent) &
      Record<typeof TRANSPORT_AUTH_FIELD, unknown>;
    const { [TRANSPORT_AUTH_FIELD]: given, ...rest } = packet;
    return secretMatches(given, this.expectedDigest) ? rest : { ...rest, data: UNAUTHENTICATED };
  }
}

/** Adds the shared secret to every outgoing packet, then hands it to the transport's own serializer. */
export class AuthenticatingSerializer implements Serializer {
  constructor(
    private readonly secret: string,
    private readonly transportSerializer?: Serializer,
  ) {}

  serialize(packet: object, options?: Record<string, unknown>): unknown {
    const signed = { ...packet, [TRANSPORT_AUTH_FIELD]: this.secret };
    return this.transportSerializer ? this.transportSerializer.serialize(signed, options) : signed;
  }
}
