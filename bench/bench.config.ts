import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** Messages per second, held steady. */
  BENCH_RATE: env.int(50, 1),
  /** Measured seconds (after the warm-up). */
  BENCH_SECONDS: env.int(30, 1),
  BENCH_WARMUP_SECONDS: env.int(5, 0),
  /** Groups the messages are spread over (round robin). */
  BENCH_GROUPS: env.int(50, 1),
  /** `source` runs the worker through @swc-node/register; `built` runs `nest build stream-worker` output. */
  BENCH_WORKER: z.enum(['source', 'built']).default('source'),
});

/** Settings of bench/stream-lag.ts (environment variables, like everything else here). */
export function benchConfig() {
  const vars = parseEnv('bench', schema, process.env);
  return {
    rate: vars.BENCH_RATE,
    seconds: vars.BENCH_SECONDS,
    warmupSeconds: vars.BENCH_WARMUP_SECONDS,
    groups: vars.BENCH_GROUPS,
    worker: vars.BENCH_WORKER,
  };
}

/** The worker's environment: this process's, plus the bench's settings. */
export function workerEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', LOG_LEVEL: 'warn', ...process.env, ...overrides };
}

/** The AWS SDK's notice about its Node 22 plans is noise here (this project supports Node 20). */
export function quietNodeVersionNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

const httpSchema = z.object({
  BENCH_HTTP_SECONDS: env.int(10, 1),
  BENCH_CONNECTIONS: env.int(10, 1),
});

/** Settings of the HTTP benchmarks: how long and how many connections. */
export function httpBenchConfig() {
  const vars = parseEnv('bench', httpSchema, process.env);
  return { seconds: vars.BENCH_HTTP_SECONDS, connections: vars.BENCH_CONNECTIONS };
}
