import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';
import { findFreePort } from '@app/dev-infra';

const REPO_ROOT = resolve(__dirname, '../..');

/** A stream-worker running as a child process, as it runs in production. */
export interface WorkerProcess {
  workerId: string;
  port: number;
  /** Prometheus samples by name with labels, e.g. `stream_worker_records_handled_total{outcome="moved"}`. */
  metrics(): Promise<Map<string, number>>;
  /** The value of one sample (0 when absent). */
  metric(sample: string): Promise<number>;
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** What the worker printed (stdout and stderr), for failure messages. */
  output(): string;
}

/**
 * Settings that make a worker quick to fail over in tests without depending on tight timing: a
 * lease is renewed every second and taken over after three seconds without renewal.
 */
export const TEST_WORKER_ENV = {
  STREAM_LEASE_DURATION_MS: '3000',
  STREAM_SHARD_SYNC_INTERVAL_MS: '2000',
  STREAM_POLL_INTERVAL_MS: '20',
  STREAM_IDLE_POLL_MAX_MS: '100',
  LOG_LEVEL: 'warn',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const running = new Set<ChildProcess>();

/** Starts `apps/stream-worker/src/main.ts` on the run's DynamoDB Local for `tableName`; resolves once /health answers. */
export async function startWorker(tableName: string, workerId: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/stream-worker/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ...TEST_WORKER_ENV,
      DDB_TABLE_NAME: tableName,
      STREAM_WORKER_PORT: String(port),
      STREAM_WORKER_HOST: '127.0.0.1',
      STREAM_WORKER_ID: workerId,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => running.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const base = `http://127.0.0.1:${port}`;
  const metrics = async () => parseMetrics(await (await fetch(`${base}/metrics`)).text());
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`worker ${workerId} exited at start:\n${output}`);
        return fetch(`${base}/health`).then(
          (response) => response.ok,
          () => false,
        );
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    workerId,
    port,
    metrics,
    metric: async (sample) => (await metrics()).get(sample) ?? 0,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    output: () => output,
  };
}

/** Kills every worker a test file started and did not stop (SIGKILL: nothing to wait for). */
export async function killAllWorkers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
}

function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}
