import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidConfigError, parseEnv } from '../env';
import { pathsConfig } from '../paths.config';

/** Shortest shared secret accepted for an internal transport: 32 characters (`openssl rand -hex 32` gives 64). */
export const TRANSPORT_SECRET_MIN_LENGTH = 32;

/** One internal transport's secret: the variable that sets it and the file local tooling generates. */
export interface TransportSecretSpec {
  /** Config namespace in error messages, e.g. `users transport`. */
  namespace: string;
  /** e.g. USERS_TRANSPORT_SECRET */
  variable: string;
  /** File name under DATA_DIR, e.g. `users-transport-secret`. */
  fileName: string;
  /** Who must share it, for the error message. */
  sharedBy: string;
}

/** Where `npm start` (and friends) keep a transport's local secret (mode 0600). */
export const localTransportSecretFile = (dataDir: string, spec: Pick<TransportSecretSpec, 'fileName'>): string =>
  join(dataDir, spec.fileName);

/**
 * Reads an internal transport's shared secret. Production (NODE_ENV=production) must set the
 * variable. Elsewhere an unset variable falls back to the file the local tooling generates under
 * DATA_DIR, so a newcomer configures nothing; without either, the app stops at boot naming both.
 */
export function readTransportSecret(spec: TransportSecretSpec, environment: Record<string, string | undefined>): string {
  const rule = `at least ${TRANSPORT_SECRET_MIN_LENGTH} characters, the same for ${spec.sharedBy}`;
  const schema = z.object({
    NODE_ENV: z.string().optional(),
    [spec.variable]: z
      .string()
      .min(TRANSPORT_SECRET_MIN_LENGTH, `must be at least ${TRANSPORT_SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`)
      .optional(),
  });
  const vars = parseEnv(spec.namespace, schema, environment) as { NODE_ENV?: string } & Record<string, string | undefined>;
  const given = vars[spec.variable];
  if (given) return given;
  if (vars.NODE_ENV === 'production') {
    throw new InvalidConfigError(spec.namespace, [`${spec.variable}: required when NODE_ENV=production (${rule})`]);
  }
  const file = localTransportSecretFile(pathsConfig().dataDir, spec);
  const saved = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (saved.length >= TRANSPORT_SECRET_MIN_LENGTH) return saved;
  throw new InvalidConfigError(spec.namespace, [
    `${spec.variable}: not set, and ${file} ${saved ? 'is too short' : 'does not exist'} ` +
      `(\`npm start\` and \`npm run infra\` create it); or set the variable (${rule})`,
  ]);
}
