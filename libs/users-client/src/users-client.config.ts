import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** Longest wait for the users service; past it the caller answers 503 instead of hanging. */
  USERS_TIMEOUT_MS: env.int(2000, 50),
});

export const usersClientConfig = registerAs('usersClient', () => {
  const vars = parseEnv('users client', schema, process.env);
  return { timeoutMs: vars.USERS_TIMEOUT_MS };
});
