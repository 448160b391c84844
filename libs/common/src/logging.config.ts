import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { env, parseEnv } from './env';

const schema = z.object({
  LOG_LEVEL: env.logLevel(),
  /** `pretty` for people at a terminal, `json` for machines (the default under CI and in containers). */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});

export const loggingConfig = registerAs('logging', () => {
  const vars = parseEnv('logging', schema, process.env);
  return { level: vars.LOG_LEVEL, format: vars.LOG_FORMAT };
});
