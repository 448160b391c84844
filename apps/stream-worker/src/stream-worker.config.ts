import { type ConfigType, registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** Where health, readiness and metrics listen: loopback unless a container publishes them (set 0.0.0.0 there). */
  STREAM_WORKER_HOST: z.string().min(1).default('127.0.0.1'),
  /** Health and metrics HTTP port. */
  STREAM_WORKER_PORT: env.port(4569),
  /**
   * Bearer token that unlocks the details of /ready (worker id, stream, shards, stall reasons, errors)
   * and, when set, is required for /metrics. Unset: /ready answers only ready / not ready.
   */
  WORKER_STATUS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export const streamWorkerConfig = registerAs('streamWorker', () => {
  const vars = parseEnv('stream-worker', schema, process.env);
  return { host: vars.STREAM_WORKER_HOST, port: vars.STREAM_WORKER_PORT, statusToken: vars.WORKER_STATUS_TOKEN ?? null };
});

export type StreamWorkerOptions = ConfigType<typeof streamWorkerConfig>;
