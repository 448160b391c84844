import type { ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { waitUntil } from './wait-until';

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
  await waitUntil(
    () =>
      new Promise<boolean>((done) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), done(true)));
        socket.once('error', () => done(false));
      }),
    { timeoutMs, intervalMs: 100, alive, what: `port ${port} listening` },
  );
}

/** Polls an HTTP URL until it answers 200, or fails with the last answer after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  let last = '';
  await waitUntil(
    async () => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return true;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      return false;
    },
    { timeoutMs, intervalMs: 200, alive, what: () => `${url} answering 200 (last: ${last})` },
  );
}

/** A port the OS says is free right now. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
