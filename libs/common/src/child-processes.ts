import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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
