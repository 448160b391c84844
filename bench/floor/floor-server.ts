/**
 * The floor of docs/design.md §7's CPU budget: messages-api's two read routes on a bare node:http server,
 * doing the same work per request and nothing else (no framework, no logging, no validation
 * library). `npm run bench` runs it as its own process beside messages-api and compares the CPU
 * each spends per request.
 *
 * "The same work" is kept honest: it shares with the app what any implementation would (the access
 * token verifier — aws-jwt-verify, same JWKS cache —, the IdentityService — users RPC once per
 * person, then its LRU cache — and the SDK clients) and does the DynamoDB calls itself, the same
 * ones (a strongly consistent GetItem of the conversation for membership and a Query of its
 * messages; a strongly consistent Query of the activity index for the list), mapping the items
 * straight to the response with no parsing beyond what the answer needs. It does not reuse the
 * app's item mappers or services, so their cost counts against the app. The bench checks that
 * both answer byte-for-byte alike before it measures.
 */
import 'reflect-metadata';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { cognitoConfig } from '@app/cognito';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CONVERSATION_ACTIVITY_INDEX, createDynamoDbClients, ddbConfig, MAX_PAGE_LIMIT } from '@app/ddb';
import { UserNotFoundError, UsersClientModule } from '@app/users-client';
import { authConfig, createAccessTokenVerifier, IdentityService } from '../../apps/messages-api/src';
import { floorConfig } from '../bench.config';
import { runCommand } from '@app/dev-infra';

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
  const TableName = ddb.tableName;

  /** One page of a partition (or of the activity index), newest first, one item more to know if there is a next page. */
  async function newestFirst(pk: string, limit: number, cursor: string | undefined, byActivity: boolean) {
    let startKey: Record<string, unknown> | undefined;
    if (cursor) {
      try {
        startKey = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw new HttpError(400, 'cursor_invalid');
      }
      if (startKey?.pk !== pk) throw new HttpError(400, 'cursor_invalid');
    }
    const output = await doc.send(
      new QueryCommand({
        TableName,
        ...(byActivity ? { IndexName: CONVERSATION_ACTIVITY_INDEX } : {}),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit + 1,
        ExclusiveStartKey: startKey,
      }),
    );
    const items = output.Items ?? [];
    const page = items.slice(0, limit);
    const last = page.at(-1);
    const next =
      items.length > limit && last
        ? Buffer.from(JSON.stringify({ pk: last.pk, sk: last.sk, ...(byActivity ? { activity: last.activity } : {}) }), 'utf8').toString(
            'base64url',
          )
        : null;
    return { page, next };
  }

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
    const { limit, cursor } = pageRequest(url.searchParams);
    let listing: { items: unknown[]; nextCursor: string | null };
    if (groupMatch) {
      if (!UUID.test(groupMatch[1])) throw new HttpError(422, 'validation_failed');
      const group = (
        await doc.send(new GetCommand({ TableName, Key: { pk: `GROUP#${groupMatch[1]}`, sk: 'GROUP' }, ConsistentRead: true }))
      ).Item;
      if (!group || !(group.members as Array<{ uuid: string }>).some((member) => member.uuid === caller.uuid))
        throw new HttpError(404, 'message_group_not_found');
      const { page, next } = await newestFirst(`MSG#${groupMatch[1]}`, limit ?? 20, cursor, false);
      const items = page.reverse().map((item) => ({
        uuid: item.message_uuid,
        display_name: item.user_display_name,
        handle: item.user_handle,
        message: item.message,
        created_at: item.created_at,
      }));
      listing = { items, nextCursor: next };
    } else {
      const { page, next } = await newestFirst(`GRP#${caller.uuid}`, limit ?? 20, cursor, true);
      const items = page.map((item) => ({
        uuid: item.message_group_uuid,
        display_name: item.user_display_name,
        handle: item.user_handle,
        message: item.message,
        created_at: item.last_message_at,
        unread_count: Math.max(0, Number(item.other_sent ?? 0) - Number(item.read_count ?? 0)),
      }));
      listing = { items, nextCursor: next };
    }
    if (listing.nextCursor) {
      const query = new URLSearchParams({ ...(limit ? { limit: String(limit) } : {}), cursor: listing.nextCursor });
      response.setHeader('Link', `<${url.pathname}?${query.toString()}>; rel="next"`);
      response.setHeader('X-Next-Cursor', listing.nextCursor);
    }
    send(response, 200, listing.items);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      const [status, code] =
        error instanceof HttpError
          ? [error.status, error.code]
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
function pageRequest(query: URLSearchParams): { limit?: number; cursor?: string } {
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

runCommand('floor failed to start', main, { keepAlive: true });
