import { registerAs } from '@nestjs/config';
import { Transport } from '@nestjs/microservices';
import { z } from 'zod';
import { env, parseEnv } from './env';

const schema = z.object({
  /** `tcp` needs no broker; `nats` and `redis` go through the broker at NATS_URL / REDIS_URL. */
  USERS_TRANSPORT: z.enum(['tcp', 'nats', 'redis']).default('tcp'),
  /** Where the users service listens (tcp) and where its clients connect. */
  USERS_HOST: z.string().min(1).default('127.0.0.1'),
  USERS_PORT: env.port(4568),
  NATS_URL: z.url({ protocol: /^nats$/ }).default('nats://127.0.0.1:4222'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
});

export type UsersTransportOptions =
  | { transport: Transport.TCP; options: { host: string; port: number } }
  | { transport: Transport.NATS; options: { servers: string[] } }
  | { transport: Transport.REDIS; options: { host: string; port: number } };

/**
 * How the apps reach the users service. One namespace serves its server and every client, so
 * switching transport is one variable for the whole system.
 */
export const usersTransportConfig = registerAs('usersTransport', (): UsersTransportOptions => {
  const vars = parseEnv('users transport', schema, process.env);
  switch (vars.USERS_TRANSPORT) {
    case 'nats':
      return { transport: Transport.NATS, options: { servers: [vars.NATS_URL] } };
    case 'redis': {
      const url = new URL(vars.REDIS_URL);
      return { transport: Transport.REDIS, options: { host: url.hostname, port: Number(url.port || 6379) } };
    }
    default:
      return { transport: Transport.TCP, options: { host: vars.USERS_HOST, port: vars.USERS_PORT } };
  }
});
