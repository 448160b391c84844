import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  MESSAGES_API_HOST: z.string().min(1).default('0.0.0.0'),
  /** 4567 is the port the Cruddur frontend calls. */
  MESSAGES_API_PORT: env.port(4567),
  /** The frontend's origin, allowed by CORS. */
  FRONTEND_URL: z.url().default('http://localhost:3000'),
  /** Largest JSON body accepted; a 1024-character message needs at most ~4 KiB. */
  MESSAGES_API_MAX_BODY_BYTES: env.int(16 * 1024, 1024),
});

export const messagesApiConfig = registerAs('messagesApi', () => {
  const vars = parseEnv('messages-api', schema, process.env);
  return {
    host: vars.MESSAGES_API_HOST,
    port: vars.MESSAGES_API_PORT,
    frontendOrigin: new URL(vars.FRONTEND_URL).origin,
    maxBodyBytes: vars.MESSAGES_API_MAX_BODY_BYTES,
  };
});
