import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  API_URL: z.url().default('http://127.0.0.1:4567'),
  BENCH_SECONDS: env.int(10, 1),
  BENCH_CONNECTIONS: env.int(10, 1),
});

/** Where the benchmarks aim, and how hard. */
export const benchConfig = registerAs('bench', () => {
  const vars = parseEnv('bench', schema, process.env);
  return { apiUrl: vars.API_URL, seconds: vars.BENCH_SECONDS, connections: vars.BENCH_CONNECTIONS };
});
