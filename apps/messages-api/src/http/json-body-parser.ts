import type { FastifyInstance } from 'fastify';

type ContentTypeParser = Parameters<FastifyInstance['addContentTypeParser']>[2];

/**
 * A JSON body with a key that could poison prototypes when the object is merged or copied:
 * `__proto__`, or `constructor` holding a `prototype`. It is valid JSON, so it is refused for
 * what it is (400 `body_forbidden_key`, see HttpErrorsFilter), not as a syntax error.
 */
export class ForbiddenJsonKeyError extends Error {
  /** Where the key is, e.g. `__proto__`, `meta.tags[0].__proto__`, `constructor.prototype`. */
  constructor(readonly path: string) {
    super(`request body may not contain the key ${path}`);
    this.name = 'ForbiddenJsonKeyError';
  }
}

/**
 * Fastify's own JSON parser (secure-json-parse: `__proto__`/`constructor` poisoning refused),
 * except that an empty body reads as `{}`, as Express's JSON parser read it (a POST without a
 * body gets the 422 listing what is missing, not a 400), and that a refused poisoning key is a
 * ForbiddenJsonKeyError naming it: Fastify reports it as invalid JSON. Only a body Fastify refused
 * is read a second time, so valid bodies cost what they did.
 */
export function jsonBodyParser(fastify: FastifyInstance): ContentTypeParser {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (body.length === 0) {
      done(null, {});
      return;
    }
    parse(request, body as string, (error: Error | null, value?: unknown) => {
      const forbidden = error ? forbiddenKeyIn(body as string) : undefined;
      if (forbidden) done(new ForbiddenJsonKeyError(forbidden), undefined);
      else done(error, value);
    });
  };
}

/**
 * The path of the first key secure-json-parse refuses in `text`, if `text` is JSON at all.
 * Iterative, as a hostile body may nest thousands of levels.
 */
function forbiddenKeyIn(text: string): string | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push([value[index], `${path}[${index}]`]);
      continue;
    }
    const at = (key: string) => (path === '' ? key : `${path}.${key}`);
    if (Object.hasOwn(value, '__proto__')) return at('__proto__');
    const { constructor } = value as { constructor?: unknown };
    if (
      Object.hasOwn(value, 'constructor') &&
      typeof constructor === 'object' &&
      constructor !== null &&
      Object.hasOwn(constructor, 'prototype')
    ) {
      return at('constructor.prototype');
    }
    for (const key of Object.keys(value).reverse()) stack.push([(value as Record<string, unknown>)[key], at(key)]);
  }
  return undefined;
}
