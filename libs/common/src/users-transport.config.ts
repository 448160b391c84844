import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { Transport } from '@nestjs/microservices';
import { z } from 'zod';
import { env, InvalidConfigError, parseEnv } from './env';
import { pathsConfig } from './paths.config';
import { type RedisConnectionOptions, redisUrlVariable } from './redis-url';

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
export const USERS_TRANSPORT_SECRET_MIN_LENGTH = 32;

/** Where `npm start`, `npm run infra` and `npm run db -- setup` keep the local secret (mode 0600). */
export const localUsersTransportSecretFile = (dataDir: string) => join(dataDir, 'users-transport-secret');

const secretSchema = z.object({
  NODE_ENV: z.string().optional(),
  /** Shared by the users service and every client; each request carries it, the service checks it. */
  USERS_TRANSPORT_SECRET: z
    .string()
    .min(USERS_TRANSPORT_SECRET_MIN_LENGTH, `must be at least ${USERS_TRANSPORT_SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`)
    .optional(),
});

/**
 * The users transport's shared secret. Production (NODE_ENV=production) must set
 * USERS_TRANSPORT_SECRET. Elsewhere an unset variable falls back to the file the local tooling
 * generates under DATA_DIR, so a newcomer configures nothing; without either, the app stops at boot.
 */
export const usersTransportSecretConfig = registerAs('usersTransportSecret', (): { secret: string } => {
  const vars = parseEnv('users transport', secretSchema, process.env);
  if (vars.USERS_TRANSPORT_SECRET) return { secret: vars.USERS_TRANSPORT_SECRET };
  const rule = `at least ${USERS_TRANSPORT_SECRET_MIN_LENGTH} characters, the same for the users service and every client`;
  if (vars.NODE_ENV === 'production') {
    throw new InvalidConfigError('users transport', [`USERS_TRANSPORT_SECRET: required when NODE_ENV=production (${rule})`]);
  }
  const file = localUsersTransportSecretFile(pathsConfig().dataDir);
  const saved = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (saved.length >= USERS_TRANSPORT_SECRET_MIN_LENGTH) return { secret: saved };
  throw new InvalidConfigError('users transport', [
    `USERS_TRANSPORT_SECRET: not set, and ${file} ${saved ? 'is too short' : 'does not exist'} ` +
      `(\`npm start\`, \`npm run infra\` and \`npm run db -- setup\` create it); or set the variable (${rule})`,
  ]);
});
