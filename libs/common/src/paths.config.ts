import { resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { parseEnv } from './env';

const schema = z.object({
  /** Where local state lives (DynamoDB Local, PGlite, the Cognito emulator); git-ignored. */
  DATA_DIR: z.string().min(1).default('.data'),
});

/** Local data directory, resolved against the working directory (the repository root under npm). */
export const pathsConfig = registerAs('paths', () => {
  const vars = parseEnv('paths', schema, process.env);
  return { dataDir: resolve(vars.DATA_DIR) };
});
