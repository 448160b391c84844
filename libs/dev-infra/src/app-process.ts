import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stopChildProcess } from './child-processes';
import { prefixLines } from './prefix-lines';

/** The system's apps, each under apps/<name> (its sources) and dist/apps/<name> (its build). */
export type AppName = 'users' | 'stream-worker' | 'messages-api';
export const APP_NAMES: AppName[] = ['users', 'stream-worker', 'messages-api'];

/** One app of the system as a child process, with its log lines prefixed. */
export interface AppProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Where an app's (prefixed) log lines go. */
export interface AppOutput {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Node flags of a built app, the same as its Dockerfile CMD (test/deploy checks that they agree),
 * chosen with `npm run bench` against docs/design.md §7 (RSS after 60 s of load, and messages-api's CPU
 * per request against the floor). V8's defaults cost memory these services do not need:
 * - It grows the young generation to 16 MiB per semi-space (32 MiB of new space, all resident).
 *   users and stream-worker never need more than 2 MiB; messages-api keeps 4 MiB, as 2 MiB cost it
 *   5–7% more CPU per request.
 * - Objects alive across two young-generation GCs move to the old generation. Under load those are
 *   the requests in flight, mostly the AWS SDK's per-command middleware chain (a sampling heap
 *   profile of the objects major GCs freed: ~6 MiB/s at 110 req/s), and V8 lets the old generation
 *   grow to ~3× its live size before a full GC: messages-api's RSS climbed from 160 to 290 MiB and
 *   back, which is no leak (heapUsed after each full GC stayed at ~57 MB) but a saw as tall as
 *   the budget. `--heap-growing-percent=30` starts the next full GC at 1.3× the live size: more
 *   GC work (9% of messages-api's busy time in the README's bench, 4% with the defaults; reads
 *   ~1.2× the floor instead of ~1.1×, within the 1.3× budget). users and stream-worker, with far
 *   fewer requests, use `--optimize-for-size`, which does the same more eagerly and would cost
 *   messages-api ~1.7× the floor.
 * BUILT_APP_ENV (glibc's malloc arenas) holds for all three.
 */
export const BUILT_APP_NODE_FLAGS: Record<AppName, string[]> = {
  users: ['--max-semi-space-size=2', '--optimize-for-size'],
  'stream-worker': ['--max-semi-space-size=2', '--optimize-for-size'],
  'messages-api': ['--max-semi-space-size=4', '--heap-growing-percent=30'],
};

/**
 * Environment of every built app, the same as the Dockerfile's runtime stage (test/deploy checks).
 * glibc gives each thread that allocates (V8's compiler and GC helpers, libuv's pool) its own
 * malloc arena and keeps what was freed there: ~18 MiB of messages-api's RSS under load sat in
 * four such arenas. Two arenas keep 5–7 MiB less per app at no CPU cost `npm run bench` could see.
 */
export const BUILT_APP_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * How to run an app's `npm run build` output (paths relative to the repository): its flags, then
 * its entry point. Each app's build is dist/apps/<app>: its own sources and the libs it imports,
 * laid out as in the repository.
 */
export function builtCommand(name: AppName): string[] {
  return [...BUILT_APP_NODE_FLAGS[name], join('dist', 'apps', name, 'apps', name, 'src', 'main.js')];
}

/**
 * Runs an app from source through @swc-node/register (no build step), or with `built` from
 * `npm run build` output as the containers run it (`node dist/…/main.js`). The child is the app's
 * own node process either way, so its pid is the app's (for /proc readings).
 */
export function startApp(root: string, name: AppName, env: NodeJS.ProcessEnv, output: AppOutput = process, built = false): AppProcess {
  const entry = built ? builtCommand(name) : ['-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')];
  if (built && !existsSync(join(root, entry.at(-1)!))) throw new Error(`${entry.at(-1)} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: built ? { ...BUILT_APP_ENV, ...env } : env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(name, child.stdout, output.stdout);
  prefixLines(name, child.stderr, output.stderr);
  return { name, child, stop: () => stopChildProcess(child, 8000) };
}
