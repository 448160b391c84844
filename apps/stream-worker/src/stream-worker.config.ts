import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  STREAM_WORKER_HOST: z.string().min(1).default('0.0.0.0'),
  /** Health and metrics HTTP port. */
  STREAM_WORKER_PORT: env.port(4569),
});

export const streamWorkerConfig = registerAs('streamWorker', () => {
  const vars = parseEnv('stream-worker', schema, process.env);
  return { host: vars.STREAM_WORKER_HOST, port: vars.STREAM_WORKER_PORT };
});
