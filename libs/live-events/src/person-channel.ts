import { secretMatches, TRANSPORT_AUTH_FIELD } from '@app/common';
import type { LiveDelivery } from './live-event';

/**
 * The subject (NATS) or channel (Redis) of one person's live events. One per person, so an
 * instance subscribes only to the people it has streams for and hears nothing about anyone else.
 */
export const personChannel = (prefix: string, personUuid: string): string => `${prefix}person.${personUuid}`;

/** A broker message: `payload`'s fields, signed with the shared secret. */
export function encodeSignedPacket(secret: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ [TRANSPORT_AUTH_FIELD]: secret, ...payload });
}

/** A broker message's fields if it is a JSON object carrying the secret; otherwise null (an unsigned packet says nothing). */
export function openSignedPacket(text: string, expectedSecretDigest: Buffer): Record<string, unknown> | null {
  let packet: unknown;
  try {
    packet = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof packet !== 'object' || packet === null) return null;
  const fields = packet as Record<string, unknown>;
  return secretMatches(fields[TRANSPORT_AUTH_FIELD], expectedSecretDigest) ? fields : null;
}

/** A broker message: the deliveries of one person, signed with the shared secret. */
export function encodeBrokerPacket(secret: string, deliveries: LiveDelivery[]): string {
  return encodeSignedPacket(secret, { deliveries });
}

/**
 * The deliveries of a broker message if it carries the secret and is addressed to the person of
 * its channel; otherwise null (an unsigned or misaddressed packet delivers nothing).
 */
export function decodeBrokerPacket(text: string, expectedSecretDigest: Buffer, personUuid: string): LiveDelivery[] | null {
  const deliveries = openSignedPacket(text, expectedSecretDigest)?.deliveries;
  if (!Array.isArray(deliveries)) return null;
  return (deliveries as LiveDelivery[]).filter((delivery) => delivery?.person === personUuid);
}
