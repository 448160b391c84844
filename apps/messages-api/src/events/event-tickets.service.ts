import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MessagingTable } from '@app/ddb';
import type { Caller } from '../auth/caller.decorator';
import { liveEventsConfig, type LiveEventsOptions } from './live-events.config';

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('base64url');
const randomSecret = () => randomBytes(32).toString('base64url');

/** Tickets are 43 base64url characters; anything else is refused before a DynamoDB call. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A person let in with a ticket, and the key that lets their browser's reconnects in again. */
export interface TicketEntry {
  caller: Caller;
  reconnectKey: string;
}

/**
 * Live-events tickets (docs/design.md §8): `EventSource` cannot send a token, so a person trades their
 * token for a ticket (POST /api/events/tickets) and opens GET /api/events?ticket=…. A ticket is
 * single use, valid 60 s and bound to its person; only its hash is stored (DynamoDB, so any instance
 * redeems it, by a conditional delete: exactly one redemption wins).
 *
 * The browser's own reconnect repeats the same URL, used ticket included. Redeeming therefore
 * leaves a reconnect grant: the stream gets a random reconnect key inside its event ids, and the
 * used ticket is accepted again only together with a Last-Event-ID carrying that key (for
 * LIVE_TICKET_RECONNECT_TTL_MS, renewed at each reconnect). A ticket seen in a URL log is useless
 * without the key, which only ever travelled inside the stream.
 */
@Injectable()
export class EventTicketsService {
  constructor(
    private readonly table: MessagingTable,
    @Inject(liveEventsConfig.KEY) private readonly options: LiveEventsOptions,
  ) {}

  async issue(caller: Caller): Promise<{ ticket: string; expires_at: string }> {
    const ticket = randomSecret();
    const expiresAtMs = Date.now() + this.options.ticketTtlMs;
    await this.table.putEventTicket({ ticketHash: hash(ticket), person: this.person(caller), expiresAt: Math.floor(expiresAtMs / 1000) });
    return { ticket, expires_at: new Date(Math.floor(expiresAtMs / 1000) * 1000).toISOString() };
  }

  /**
   * The person of a ticket: a fresh one is redeemed (once); a used one only with its stream's
   * reconnect key. Null for anything else (unknown, used without the key, expired).
   */
  async enter(ticket: string, reconnectKey: string | undefined): Promise<TicketEntry | null> {
    if (!TICKET_PATTERN.test(ticket)) return null;
    const ticketHash = hash(ticket);
    const redeemed = await this.table.redeemEventTicket(ticketHash);
    if (redeemed) {
      const key = randomSecret();
      await this.grantReconnect(ticketHash, hash(key), redeemed.person);
      return { caller: this.caller(redeemed.person), reconnectKey: key };
    }
    if (!reconnectKey) return null;
    const grant = await this.table.getEventTicketReconnect(ticketHash);
    if (!grant || !timingSafeEqual(Buffer.from(grant.reconnectKeyHash), Buffer.from(hash(reconnectKey)))) return null;
    await this.grantReconnect(ticketHash, grant.reconnectKeyHash, grant.person);
    return { caller: this.caller(grant.person), reconnectKey };
  }

  private grantReconnect(ticketHash: string, reconnectKeyHash: string, person: { uuid: string; handle: string; displayName: string }) {
    const expiresAt = Math.floor((Date.now() + this.options.ticketReconnectTtlMs) / 1000);
    return this.table.putEventTicketReconnect({ ticketHash, reconnectKeyHash, person, expiresAt });
  }

  private person(caller: Caller) {
    return { uuid: caller.uuid, handle: caller.handle, displayName: caller.display_name };
  }

  private caller(person: { uuid: string; handle: string; displayName: string }): Caller {
    return { uuid: person.uuid, handle: person.handle, display_name: person.displayName };
  }
}
