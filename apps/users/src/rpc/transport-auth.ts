import { createHash, timingSafeEqual } from 'node:crypto';
import type { ConsumerDeserializer, IncomingEvent, IncomingRequest } from '@nestjs/microservices';
import { USERS_TRANSPORT_AUTH_FIELD } from '@app/users-client';

/**
 * Stands in for the payload of a request that failed the secret check: the caller's data never
 * reaches a pipe or handler, and TransportAuthGuard answers `unauthorized`.
 */
export const UNAUTHENTICATED = Symbol('users transport: unauthenticated request');

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison: hashing first gives equal lengths, so not even the length leaks. */
export function secretMatches(given: unknown, expectedDigest: Buffer): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), expectedDigest);
}

/**
 * Wraps a transport's own deserializer and checks USERS_TRANSPORT_SECRET on every incoming packet
 * before Nest picks a handler. The secret is stripped; a packet without the right one keeps its
 * id and pattern (so the caller gets an answer) but its data becomes UNAUTHENTICATED.
 */
export class AuthenticatingDeserializer implements ConsumerDeserializer {
  private readonly expectedDigest: Buffer;

  constructor(
    secret: string,
    private readonly transportDeserializer: ConsumerDeserializer,
  ) {
    this.expectedDigest = digest(secret);
  }

  async deserialize(value: unknown, options?: Record<string, unknown>): Promise<IncomingRequest | IncomingEvent> {
    const packet = (await this.transportDeserializer.deserialize(value, options)) as (IncomingRequest | IncomingEvent) &
      Record<typeof USERS_TRANSPORT_AUTH_FIELD, unknown>;
    const { [USERS_TRANSPORT_AUTH_FIELD]: given, ...rest } = packet;
    return secretMatches(given, this.expectedDigest) ? rest : { ...rest, data: UNAUTHENTICATED };
  }
}
