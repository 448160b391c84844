import { z } from 'zod';

/** Raised at boot when the environment does not satisfy a config schema; names every bad variable. */
export class InvalidConfigError extends Error {
  constructor(
    readonly namespace: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${namespace} configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigError';
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
