import { z } from 'zod';

/** What ioredis (and Nest's Redis transport) needs to reach a server named by a URL. */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Present for `rediss://`: connect over TLS (server name checked against `host`). */
  tls?: { servername?: string };
  /** The database number in the URL's path (`redis://host/2`). */
  db?: number;
}

const DEFAULT_REDIS_PORT = 6379;

/**
 * Connection options from a `redis://` or `rediss://` URL, keeping what a bare host and port
 * would drop: user, password (percent-decoded), TLS and the database number.
 */
export function redisOptionsFromUrl(url: string): RedisConnectionOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`not a redis:// or rediss:// URL: ${parsed.protocol}`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Error('the URL names no host');
  const path = parsed.pathname.replace(/^\//, '');
  if (path && !/^\d+$/.test(path)) throw new Error(`the path must be a database number, not "${path}"`);
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  return {
    host,
    port: parsed.port ? Number(parsed.port) : DEFAULT_REDIS_PORT,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
    ...(path ? { db: Number(path) } : {}),
  };
}

/** An env variable holding a Redis URL, parsed into connection options (a bad URL names the variable). */
export const redisUrlVariable = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((url, context): RedisConnectionOptions => {
      try {
        return redisOptionsFromUrl(url);
      } catch (error) {
        context.addIssue({ code: 'custom', message: `must be a redis:// or rediss:// URL (${(error as Error).message})` });
        return z.NEVER;
      }
    });
