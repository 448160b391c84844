/**
 * The floor of docs/design.md §7's CPU budget: messages-api's two read routes on a bare node:http server,
 * doing the same work per request and nothing else (no framework, no logging, no validation
 * library). `npm run bench` runs it as its own process beside messages-api and compares the CPU
 * each spends per request.
 *
 * "The same work" is kept honest by reusing the app's own pieces rather than copies: the access
 * token verifier (aws-jwt-verify, same JWKS cache), the IdentityService (users RPC once per person,
 * then its LRU cache), the list services (same MessagingTable operations, strongly consistent, same
 * response mapping) and the paging headers. The bench checks that both answer byte-for-byte alike
 * before it measures.
 */
import 'reflect-metadata';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { cognitoConfig } from '@app/cognito';
import { createDynamoDbClients, ddbConfig, MessageGroupNotFoundError, MessagingTable, type PageRequest, MAX_PAGE_LIMIT } from '@app/ddb';
import { UserNotFoundError, UsersClientModule } from '@app/users-client';
import { createAccessTokenVerifier } from '../../apps/messages-api/src/auth/access-token.verifier';
import { authConfig } from '../../apps/messages-api/src/auth/auth.config';
import { IdentityService } from '../../apps/messages-api/src/auth/identity.service';
import type { MessageEntryResponse } from '../../apps/messages-api/src/http/message.response';
import { setNextPage } from '../../apps/messages-api/src/http/pagination';
import { ListMessageGroupsService } from '../../apps/messages-api/src/list-message-groups/list-message-groups.service';
import { ListMessagesService } from '../../apps/messages-api/src/list-messages/list-messages.service';
import { floorConfig } from '../bench.config';

/**
 * The users client exactly as messages-api wires it: through UsersClientModule, so transport
 * settings (and anything the module adds, such as a transport secret) come along. Nest's container
 * is used here only to build the client at start; no request goes through it.
 */
@Module({ imports: [ConfigModule.forFeature(authConfig), UsersClientModule], providers: [IdentityService] })
class FloorIdentityModule {}

const GROUP_PATH = /^\/api\/messages\/([^/]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

async function main(): Promise<void> {
  const { issuer, clientId } = cognitoConfig();
  if (!issuer || !clientId) throw new Error('no Cognito pool: the floor needs the same pool as messages-api');
  // The JWKS cache settings messages-api runs with, so both verify alike.
  const { jwksMaxAgeMs, jwksRefetchIntervalMs } = authConfig();
  const verifier = createAccessTokenVerifier({ issuer, clientId, jwksMaxAgeMs, jwksRefetchIntervalMs });
  const identityContext = await NestFactory.createApplicationContext(FloorIdentityModule, { logger: false });
  const identity = identityContext.get(IdentityService);
  const ddb = ddbConfig();
  const { client, doc } = createDynamoDbClients(ddb);
  const table = new MessagingTable(doc, ddb.tableName);
  const messageGroups = new ListMessageGroupsService(table);
  const messages = new ListMessagesService(table);

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://floor');
    if (url.pathname === '/health') return send(response, 200, { status: 'ok' });
    const groupMatch = GROUP_PATH.exec(url.pathname);
    if (request.method !== 'GET' || (url.pathname !== '/api/message_groups' && !groupMatch)) throw new HttpError(404, 'not_found');
    const token = /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new HttpError(401, 'unauthorized');
    const { sub } = await verifier.verify(token).catch(() => {
      throw new HttpError(401, 'unauthorized');
    });
    const caller = await identity.resolve(sub);
    const page = pageRequest(url.searchParams);
    let listing: { items: MessageEntryResponse[]; nextCursor: string | null };
    if (groupMatch) {
      if (!UUID.test(groupMatch[1])) throw new HttpError(422, 'validation_failed');
      listing = await messages.list(caller, groupMatch[1], page);
    } else {
      listing = await messageGroups.list(caller, page);
    }
    setNextPage({ header: (name, value) => response.setHeader(name, value) }, url.pathname, page.limit, listing.nextCursor);
    send(response, 200, listing.items);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      const [status, code] =
        error instanceof HttpError
          ? [error.status, error.code]
          : error instanceof MessageGroupNotFoundError
            ? [404, 'message_group_not_found']
            : error instanceof UserNotFoundError
              ? [403, 'user_not_registered']
              : [500, 'internal_error'];
      if (status === 500) process.stderr.write(`floor: ${(error as Error)?.stack ?? String(error)}\n`);
      send(response, status, { error: code, message: code });
    });
  });
  const { host, port } = floorConfig();
  server.listen(port, host);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    client.destroy();
    void identityContext.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop).once('SIGINT', stop);
}

/** `?limit=&cursor=` with the API's rules (422 otherwise); absent stays absent, as in the app. */
function pageRequest(query: URLSearchParams): PageRequest {
  const limitText = query.get('limit');
  const cursor = query.get('cursor') ?? undefined;
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_LIMIT)) throw new HttpError(422, 'limit_invalid');
  if (cursor !== undefined && !CURSOR.test(cursor)) throw new HttpError(422, 'cursor_invalid');
  return { limit, cursor };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

main().catch((error: unknown) => {
  process.stderr.write(`floor failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
