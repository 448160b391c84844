import { z } from 'zod';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';
import type { Person } from './person';

/**
 * A live-events ticket (docs/design.md §8): bound to one person, single use, short-lived. Only a hash of
 * the ticket is stored, so a table read (a backup, a scan) yields nothing that opens a stream.
 */
export interface EventTicket {
  /** SHA-256 of the ticket, base64url. */
  ticketHash: string;
  person: Person;
  /** Epoch seconds after which the ticket is refused (also the table's TTL attribute, so DynamoDB deletes it). */
  expiresAt: number;
}

/**
 * What lets the browser's own reconnects of a ticket-opened stream back in: the (used) ticket's
 * URL again, plus the reconnect key that travelled only inside the stream (in its event ids).
 */
export interface EventTicketReconnect {
  ticketHash: string;
  /** SHA-256 of the stream's reconnect key, base64url. */
  reconnectKeyHash: string;
  person: Person;
  /** Epoch seconds (the table's TTL attribute). */
  expiresAt: number;
}

/**
 * Key shapes of ticket items: one partition per ticket hash, so any instance redeems any ticket;
 * the ticket itself (deleted when redeemed) and, after that, its reconnect grant.
 */
export const eventTicketKeys = {
  of: (ticketHash: string): ItemKey => ({ pk: `EVENT_TICKET#${ticketHash}`, sk: 'EVENT_TICKET' }),
  reconnect: (ticketHash: string): ItemKey => ({ pk: `EVENT_TICKET#${ticketHash}`, sk: 'RECONNECT' }),
};

const eventTicketItemSchema = z.object({
  entity: z.literal(EntityType.EventTicket),
  ticket_hash: z.string(),
  user_uuid: z.uuid(),
  user_display_name: z.string(),
  user_handle: z.string(),
  expires_at: z.number(),
});

export function toEventTicketItem(ticket: EventTicket): Item {
  return {
    ...eventTicketKeys.of(ticket.ticketHash),
    entity: EntityType.EventTicket,
    ticket_hash: ticket.ticketHash,
    user_uuid: ticket.person.uuid,
    user_display_name: ticket.person.displayName,
    user_handle: ticket.person.handle,
    expires_at: ticket.expiresAt,
  };
}

export function fromEventTicketItem(item: Item): EventTicket {
  const parsed = parseItem(eventTicketItemSchema, item, EntityType.EventTicket);
  return {
    ticketHash: parsed.ticket_hash,
    person: { uuid: parsed.user_uuid, displayName: parsed.user_display_name, handle: parsed.user_handle },
    expiresAt: parsed.expires_at,
  };
}

const reconnectItemSchema = eventTicketItemSchema.extend({ reconnect_key_hash: z.string() });

export function toEventTicketReconnectItem(grant: EventTicketReconnect): Item {
  return {
    ...toEventTicketItem(grant),
    ...eventTicketKeys.reconnect(grant.ticketHash),
    reconnect_key_hash: grant.reconnectKeyHash,
  };
}

export function fromEventTicketReconnectItem(item: Item): EventTicketReconnect {
  const parsed = parseItem(reconnectItemSchema, item, EntityType.EventTicket);
  return { ...fromEventTicketItem(item), reconnectKeyHash: parsed.reconnect_key_hash };
}
