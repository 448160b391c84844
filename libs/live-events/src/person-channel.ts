import { secretMatches, TRANSPORT_AUTH_FIELD } from '@app/common';
import type { LiveDelivery } from './live-event';

/**
 * The subject (NATS) or channel (Redis) of one person's live events. One per person, so an
 * instance subscribes only to the people it has streams for and hears nothing about anyone else.
 */
export const personChannel = (prefix: string, personUuid: string): string => `${prefix}person.${personUuid}`;

/** A broker message: the deliveries of one person, signed with the shared secret. */
export function encodeBrokerPacket(secret: string, deliveries: LiveDelivery[]): string {
  return JSON.stringify({ [TRANSPORT_AUTH_FIELD]: secret, deliveries });
}

/**
 * The deliveries of a broker message if it carries the secret and is addressed to the person of
 * its channel; otherwise null (an unsigned or misaddressed packet delivers nothing).
 */
export function decodeBrokerPacket(text: string, expectedSecretDigest: Buffer, personUuid: string): LiveDelivery[] | null {
  let packet: unknown;
  try {
    packet = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof packet !== 'object' || packet === null) return null;
  const { [TRANSPORT_AUTH_FIELD]: given, deliveries } = packet as Record<string, unknown>;
  if (!secretMatches(given, expectedSecretDigest) || !Array.isArray(deliveries)) return null;
  return (deliveries as LiveDelivery[]).filter((delivery) => delivery?.person === personUuid);
}
