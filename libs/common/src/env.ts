import { z } from 'zod';
import { CodedError } from './coded-error';

/** Raised at boot when the environment does not satisfy a config schema; names every bad variable. */
export class InvalidConfigError extends CodedError {
  readonly code = 'invalid_config';

  constructor(
    readonly namespace: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${namespace} configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Validates environment variables against a zod object schema whose keys are the variable names,
 * so an error message can name the variable a person has to fix.
 */
export function parseEnv<TSchema extends z.ZodObject>(
  namespace: string,
  schema: TSchema,
  env: Record<string, string | undefined>,
): z.output<TSchema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `${variable}: ${issue.message}`;
  });
  throw new InvalidConfigError(namespace, problems);
}

/** Env helpers: environment variables are strings; these coerce them with readable errors. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1' || value === 'yes'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** Host names that mean "this machine": a production app pointed there is pointed at a local stand-in. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0']);

/** True when a URL names this machine (localhost, 127.0.0.1, ::1). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.startsWith('127.') || host.endsWith('.localhost');
}

/**
 * The variables that decide whether local defaults are acceptable. NODE_ENV=production refuses them;
 * ALLOW_LOCAL_SERVICES=true lets a production build run against emulators on this machine on purpose
 * (the benchmarks of built apps), and is never set in a deployment.
 */
export const productionVariables = {
  NODE_ENV: z.string().optional(),
  ALLOW_LOCAL_SERVICES: env.boolean(false),
};

/**
 * Stops a production app at boot when a local default would be used silently: each check that holds
 * is reported as `VARIABLE: why`, all at once, under the config's namespace.
 */
export function refuseLocalDefaultsInProduction(
  namespace: string,
  vars: { NODE_ENV?: string; ALLOW_LOCAL_SERVICES: boolean },
  checks: { variable: string; problem: string | false }[],
): void {
  if (vars.NODE_ENV !== 'production' || vars.ALLOW_LOCAL_SERVICES) return;
  const problems = checks.filter((check) => check.problem).map(({ variable, problem }) => `${variable}: ${problem} (NODE_ENV=production)`);
  if (problems.length > 0) throw new InvalidConfigError(namespace, problems);
}
