import { registerAs } from '@nestjs/config';
import { Transport } from '@nestjs/microservices';
import { z } from 'zod';
import { env, parseEnv } from './env';
import { type RedisConnectionOptions, redisUrlVariable } from './redis-url';
import {
  localTransportSecretFile,
  readTransportSecret,
  TRANSPORT_SECRET_MIN_LENGTH,
  type TransportSecretSpec,
} from './transport/transport-secret';

const schema = z.object({
  /** `tcp` needs no broker; `nats` and `redis` go through the broker at NATS_URL / REDIS_URL. */
  USERS_TRANSPORT: z.enum(['tcp', 'nats', 'redis']).default('tcp'),
  /** Where the users service listens (tcp) and where its clients connect. */
  USERS_HOST: z.string().min(1).default('127.0.0.1'),
  USERS_PORT: env.port(4568),
  NATS_URL: z.url({ protocol: /^nats$/ }).default('nats://127.0.0.1:4222'),
  REDIS_URL: redisUrlVariable('redis://127.0.0.1:6379'),
});

export type UsersTransportOptions =
  | { transport: Transport.TCP; options: { host: string; port: number } }
  | { transport: Transport.NATS; options: { servers: string[] } }
  | { transport: Transport.REDIS; options: RedisConnectionOptions };

/**
 * How the apps reach the users service. One namespace serves its server and every client, so
 * switching transport is one variable for the whole system.
 */
export const usersTransportConfig = registerAs('usersTransport', (): UsersTransportOptions => {
  const vars = parseEnv('users transport', schema, process.env);
  switch (vars.USERS_TRANSPORT) {
    case 'nats':
      return { transport: Transport.NATS, options: { servers: [vars.NATS_URL] } };
    case 'redis':
      return { transport: Transport.REDIS, options: vars.REDIS_URL };
    default:
      return { transport: Transport.TCP, options: { host: vars.USERS_HOST, port: vars.USERS_PORT } };
  }
});

/** Shortest USERS_TRANSPORT_SECRET accepted: 32 characters (`openssl rand -hex 32` gives 64). */
export const USERS_TRANSPORT_SECRET_MIN_LENGTH = TRANSPORT_SECRET_MIN_LENGTH;

const USERS_TRANSPORT_SECRET: TransportSecretSpec = {
  namespace: 'users transport',
  variable: 'USERS_TRANSPORT_SECRET',
  fileName: 'users-transport-secret',
  sharedBy: 'the users service and every client',
};

/** Where `npm start`, `npm run infra` and `npm run db -- setup` keep the local secret (mode 0600). */
export const localUsersTransportSecretFile = (dataDir: string) => localTransportSecretFile(dataDir, USERS_TRANSPORT_SECRET);

/**
 * The users transport's shared secret (each request carries it, the service checks it).
 * Production (NODE_ENV=production) must set USERS_TRANSPORT_SECRET; elsewhere an unset variable
 * falls back to the file the local tooling generates under DATA_DIR (see readTransportSecret).
 */
export const usersTransportSecretConfig = registerAs('usersTransportSecret', (): { secret: string } => ({
  secret: readTransportSecret(USERS_TRANSPORT_SECRET, process.env),
}));
