import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createCognitoClient } from '@app/cognito-api';
import { findFreePort, type LocalCognito, startCognitoLocal } from '@app/dev-infra';

export interface TestCognito {
  emulator: LocalCognito;
  /** Talks to the emulator directly. */
  client: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

/** A cognito-local emulator of its own for one test file, on a free port, in a temp directory. */
export async function startTestCognito(): Promise<TestCognito> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cognito-test-'));
  const emulator = await startCognitoLocal({ port: await findFreePort(), dataDir });
  const client = createCognitoClient({ endpoint: emulator.endpoint, region: 'us-east-1' });
  return {
    emulator,
    client,
    async stop() {
      client.destroy();
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * cognito-local answers ListUsers with every user at once, ignoring Limit and PaginationToken.
 * This proxy sits in front of it and pages ListUsers the way Cognito does (at most `Limit`
 * users, then a PaginationToken), so the sync's paging is exercised over real HTTP. Every other
 * call passes through untouched.
 */
export async function startPagingProxy(target: string): Promise<{ endpoint: string; pagesServed: () => number; stop(): Promise<void> }> {
  let pages = 0;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const operation = String(request.headers['x-amz-target'] ?? '');
    const upstream = await fetch(target, {
      method: request.method,
      headers: { 'content-type': String(request.headers['content-type']), 'x-amz-target': operation },
      body: request.method === 'POST' ? body : undefined,
    });
    let text = await upstream.text();
    if (operation.endsWith('.ListUsers') && upstream.ok) {
      const { Limit = 60, PaginationToken } = JSON.parse(body) as { Limit?: number; PaginationToken?: string };
      const all = (JSON.parse(text) as { Users: unknown[] }).Users;
      const start = PaginationToken ? Number(Buffer.from(PaginationToken, 'base64url').toString()) : 0;
      const next = start + Limit;
      text = JSON.stringify({
        Users: all.slice(start, next),
        ...(next < all.length ? { PaginationToken: Buffer.from(String(next)).toString('base64url') } : {}),
      });
      pages += 1;
    }
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pagesServed: () => pages,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
