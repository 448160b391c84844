import { env, InvalidConfigError, parseEnv } from '@app/common';
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

/**
 * The measurements of `npm run bench`, in the order they run. `cost` runs first on a DynamoDB Local and
 * an in-process messages-api of its own (bench/cost.ts); the others share the private system.
 */
export const BENCH_PHASES = ['cost', 'cpu', 'post', 'lag', 'memory'] as const;
export type BenchPhase = (typeof BENCH_PHASES)[number];

const systemSchema = z.object({
  /** `built`: `npm run build` output, as the containers run it (docs/design.md §7's memory budget is about these). `source`: as `npm start` runs them. */
  BENCH_APPS: z.enum(['built', 'source']).default('built'),
  /** Requests per round of the CPU comparison, per route and per process. */
  BENCH_CPU_REQUESTS: env.int(3000, 100),
  /** Rounds per route; messages-api and the floor take turns, and the medians are reported. */
  BENCH_CPU_ROUNDS: env.int(3, 1),
  /** Requests each process serves per route before the rounds (JIT, JWKS and identity caches). */
  BENCH_CPU_WARMUP_REQUESTS: env.int(500, 0),
  /**
   * Off: the reads answer the seed data, as under `npm start` (one conversation of 5 messages).
   * On: 25 more conversations and messages first, so each read answers 20 entries and a cursor.
   */
  BENCH_FULL_PAGES: env.boolean(false),
  /** Take a CPU profile of messages-api over one more load window, after everything else. */
  BENCH_CPU_PROFILE: env.boolean(true),
  /**
   * The Postgres server users runs on (docs/design.md §7 measures it there): the bench makes a fresh database on it
   * per run (cruddur_bench_<random>) and drops it afterwards. When nothing answers there, users runs
   * on the embedded PGlite and the report says so; `pglite` asks for that outright.
   */
  BENCH_DATABASE_URL: z
    .union([z.literal('pglite'), z.url({ protocol: /^postgres(ql)?$/ })])
    .default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** Which measurements to take, comma-separated: cost, cpu, post, lag, memory (default all; the profile is BENCH_CPU_PROFILE). */
  BENCH_PHASES: z
    .string()
    .default(BENCH_PHASES.join(','))
    .transform((list) =>
      list
        .split(',')
        .map((phase) => phase.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(BENCH_PHASES)).min(1)),
  /** Seconds of mixed load while RSS is sampled every second. */
  BENCH_MEMORY_SECONDS: env.int(60, 3),
  /** RSS is judged on the means of the last three windows of this length. */
  BENCH_MEMORY_WINDOW_SECONDS: env.int(10, 1),
});

/** Settings of `npm run bench` beyond the HTTP and lag ones: how apps run, the CPU rounds, the memory load. */
export function systemBenchConfig() {
  const vars = parseEnv('bench', systemSchema, process.env);
  if (vars.BENCH_MEMORY_SECONDS < 3 * vars.BENCH_MEMORY_WINDOW_SECONDS) {
    throw new InvalidConfigError('bench', ['BENCH_MEMORY_SECONDS: must hold three windows of BENCH_MEMORY_WINDOW_SECONDS']);
  }
  return {
    apps: vars.BENCH_APPS,
    databaseUrl: vars.BENCH_DATABASE_URL === 'pglite' ? undefined : vars.BENCH_DATABASE_URL,
    phases: new Set<BenchPhase>(vars.BENCH_PHASES),
    cpu: {
      requests: vars.BENCH_CPU_REQUESTS,
      rounds: vars.BENCH_CPU_ROUNDS,
      warmupRequests: vars.BENCH_CPU_WARMUP_REQUESTS,
      profile: vars.BENCH_CPU_PROFILE,
      fullPages: vars.BENCH_FULL_PAGES,
    },
    memory: { seconds: vars.BENCH_MEMORY_SECONDS, windowSeconds: vars.BENCH_MEMORY_WINDOW_SECONDS },
  };
}

const floorSchema = z.object({
  FLOOR_HOST: z.string().min(1).default('127.0.0.1'),
  FLOOR_PORT: env.port(4570),
});

/** Where bench/floor/floor-server.ts listens (the bench picks a free port). */
export function floorConfig() {
  const vars = parseEnv('floor', floorSchema, process.env);
  return { host: vars.FLOOR_HOST, port: vars.FLOOR_PORT };
}

const liveSchema = z.object({
  /** Idle open streams on the measured instance (another person's, so they hear nothing of the traffic). */
  BENCH_LIVE_STREAMS: env.int(1000, 0),
  /** Messages per second, andrewbrown → bayko. */
  BENCH_LIVE_RATE: env.int(50, 1),
  BENCH_LIVE_SECONDS: env.int(20, 1),
  /** Which set-ups: `one` (one instance, no broker, as npm start), `nats`, `redis` (two instances). */
  BENCH_LIVE_MODES: z
    .string()
    .default('one,nats,redis')
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(['one', 'nats', 'redis'])).min(1)),
});

/** Settings of bench/live-events.bench.ts (`npm run bench:live`). */
export function liveBenchConfig() {
  const vars = parseEnv('bench:live', liveSchema, process.env);
  return { streams: vars.BENCH_LIVE_STREAMS, rate: vars.BENCH_LIVE_RATE, seconds: vars.BENCH_LIVE_SECONDS, modes: vars.BENCH_LIVE_MODES };
}
