import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface DdbFaultProxy {
  /** Point DDB_ENDPOINT here. */
  endpoint: string;
  /** The next `count` TransactWriteItems calls are cancelled with reason TransactionConflict (and not forwarded). */
  conflictNextTransactions(count: number): void;
  /** How many transactions were cancelled so far. */
  conflictsServed(): number;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of DynamoDB Local that can answer transactions the way real DynamoDB
 * does under contention: `TransactionCanceledException` with a `TransactionConflict` reason.
 * DynamoDB Local runs transactions one at a time, so it never produces that answer itself.
 * Everything else is forwarded untouched.
 */
export async function startDdbFaultProxy(target: string): Promise<DdbFaultProxy> {
  let pendingConflicts = 0;
  let served = 0;
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const operation = String(request.headers['x-amz-target'] ?? '');
    if (operation.endsWith('.TransactWriteItems') && pendingConflicts > 0) {
      pendingConflicts -= 1;
      served += 1;
      const items = (JSON.parse(body) as { TransactItems: unknown[] }).TransactItems;
      const reasons = items.map((_, i) =>
        i === items.length - 1 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
      );
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          CancellationReasons: reasons,
        }),
      );
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
    ) as Record<string, string>;
    const upstream = await fetch(`${target}${request.url ?? '/'}`, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? body : undefined,
    });
    const text = await upstream.text();
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/x-amz-json-1.0' });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    conflictNextTransactions(count) {
      pendingConflicts = count;
    },
    conflictsServed: () => served,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
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
