import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { type AppLaunchOptions, findFreePort, type LocalSystem } from '@app/dev-infra';
import { startLocalSystem } from '../bin/local-system';

export const ROOT = resolve(__dirname, '..');

/**
 * A private copy of the whole local system for a benchmark or drill: fresh data in a temp
 * directory and free ports, so it runs beside a developer's `npm start` and every run starts
 * from the same state. App logs are kept in memory (shown when something fails). `env` adds settings;
 * `launch` runs the built apps or gives one app its own settings.
 */
export async function startPrivateSystem(
  env: Record<string, string> = {},
  launch: AppLaunchOptions = {},
): Promise<{ system: LocalSystem; logs: () => string; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cruddur-bench-'));
  const ports = await Promise.all(Array.from({ length: 5 }, () => findFreePort()));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    DDB_ENDPOINT: `http://127.0.0.1:${ports[0]}`,
    COGNITO_ENDPOINT: `http://127.0.0.1:${ports[1]}`,
    MESSAGES_API_PORT: String(ports[2]),
    USERS_PORT: String(ports[3]),
    STREAM_WORKER_PORT: String(ports[4]),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOG_FORMAT: 'json',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...env,
  });
  delete process.env.COGNITO_USER_POOL_ID;
  delete process.env.COGNITO_CLIENT_ID;
  const lines: string[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => lines.push(chunk.toString()) > 400 && lines.shift());
  const system = await startLocalSystem(ROOT, { ...launch, output: { stdout: sink, stderr: sink } });
  return {
    system,
    logs: () => lines.join(''),
    cleanup: async () => {
      await system.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resident memory of a process in MiB (Linux /proc), or null where that cannot be read. */
export function rssMiB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kib) ? Math.round(kib / 1024) : null;
  } catch {
    return null;
  }
}

let clockTicksPerSecond: number | undefined;

/**
 * CPU time a process has spent so far (user + system, from /proc/<pid>/stat), in ms. The kernel
 * counts it in clock ticks (`getconf CLK_TCK`, usually 100/s), so differences are good to 10 ms.
 */
export function cpuMs(pid: number): number {
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return ((utime + stime) * 1000) / clockTicksPerSecond;
}
