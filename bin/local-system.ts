import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';

/** One app of the system, run from source (no build step) with its log lines prefixed. */
export interface AppProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
let nextColor = 0;

export function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream): void {
  if (!stream) return;
  const color = COLORS[nextColor++ % COLORS.length];
  const label = `${color}${name.padEnd(13)}\x1b[0m| `;
  createInterface({ input: stream }).on('line', (line) => out.write(`${label}${line}\n`));
}

export function startApp(
  root: string,
  name: string,
  env: NodeJS.ProcessEnv,
  output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
): AppProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(name, child.stdout, output.stdout);
  prefixLines(name, child.stderr, output.stderr);
  return { name, child, stop: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 8000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Fails with a message naming the port and what needs it, before anything starts. */
export async function assertPortsFree(ports: Array<[number, string]>): Promise<void> {
  for (const [port, owner] of ports) {
    await new Promise<void>((done, fail) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        fail(
          error.code === 'EADDRINUSE'
            ? new Error(`port ${port} (${owner}) is already in use: stop whatever holds it (is another \`npm start\` running?)`)
            : error,
        ),
      );
      server.listen(port, '0.0.0.0', () => server.close(() => done()));
    });
  }
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
