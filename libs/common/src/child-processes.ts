import type { ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
export async function stopChildProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(forced);
}

/**
 * Ties a helper process (DynamoDB Local, the Cognito emulator) to this one: it is killed when
 * this process exits, even after a failure. Returns the `stop` that unties and stops it.
 */
export function ownChildProcess(child: ChildProcess): () => Promise<void> {
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return async () => {
    process.removeListener('exit', killOnExit);
    await stopChildProcess(child);
  };
}

/** Fails with `Port N is already in use: <what> cannot listen there.` before anything is started. */
export async function assertPortFree(port: number, what: string, hostname = '127.0.0.1'): Promise<void> {
  await new Promise<void>((done, fail) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: ${what} cannot listen there.`) : error),
    );
    server.listen(port, hostname, () => server.close(() => done()));
  });
}

/** Polls a TCP port on 127.0.0.1 until it accepts a connection (the users service's readiness). */
export async function waitForTcp(port: number, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`port ${port}: the process exited`);
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => done(false));
    });
    if (open) return;
    await delay(100);
  }
  throw new Error(`port ${port} not listening after ${timeoutMs} ms`);
}

/** Polls an HTTP URL until it answers 200, or fails with the last answer after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`${url}: the process exited`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(200);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
}
