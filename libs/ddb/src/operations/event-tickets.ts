import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type EventTicket,
  eventTicketKeys,
  type EventTicketReconnect,
  fromEventTicketItem,
  fromEventTicketReconnectItem,
  toEventTicketItem,
  toEventTicketReconnectItem,
} from '../entities/event-ticket.entity';
import { ConditionFailedError, translated } from '../errors';
import type { TableContext } from './table-context';
import { assertPerson } from './validate';

/** Stores a ticket (by its hash); a hash that already exists is refused rather than overwritten. */
export async function putEventTicket(table: TableContext, ticket: EventTicket): Promise<void> {
  assertPerson(ticket.person, 'person');
  await translated(() =>
    table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: toEventTicketItem(ticket), ConditionExpression: 'attribute_not_exists(pk)' }),
    ),
  );
}

/**
 * Redeems a ticket: one conditional DeleteItem that returns the deleted item, so of any number of
 * concurrent redemptions (on any instances) exactly one gets the ticket. An unknown, used or
 * expired ticket gives null (an expired one is deleted too: TTL deletion lags by hours).
 */
export async function redeemEventTicket(
  table: TableContext,
  ticketHash: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<EventTicket | null> {
  try {
    const output = await translated(() =>
      table.doc.send(
        new DeleteCommand({
          TableName: table.tableName,
          Key: eventTicketKeys.of(ticketHash),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    if (!output.Attributes) return null;
    const ticket = fromEventTicketItem(output.Attributes);
    return ticket.expiresAt >= nowSeconds ? ticket : null;
  } catch (error) {
    if (error instanceof ConditionFailedError) return null;
    throw error;
  }
}

/** Stores (or renews) the reconnect grant of a redeemed ticket. */
export async function putEventTicketReconnect(table: TableContext, grant: EventTicketReconnect): Promise<void> {
  assertPerson(grant.person, 'person');
  await translated(() => table.doc.send(new PutCommand({ TableName: table.tableName, Item: toEventTicketReconnectItem(grant) })));
}

/** The reconnect grant of a redeemed ticket (strongly consistent), or null when there is none or it expired. */
export async function getEventTicketReconnect(
  table: TableContext,
  ticketHash: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<EventTicketReconnect | null> {
  const output = await translated(() =>
    table.doc.send(new GetCommand({ TableName: table.tableName, Key: eventTicketKeys.reconnect(ticketHash), ConsistentRead: true })),
  );
  if (!output.Item) return null;
  const grant = fromEventTicketReconnectItem(output.Item);
  return grant.expiresAt >= nowSeconds ? grant : null;
}
