import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * A route's metadata under `key` (the handler's, else its controller's, else `fallback`), read once
 * per handler: a route's metadata never changes, and guards run on every request.
 */
export function routeMetadata<T>(reflector: Reflector, key: string, fallback: T): (context: ExecutionContext) => T {
  const byHandler = new WeakMap<object, T>();
  return (context) => {
    const handler = context.getHandler();
    if (byHandler.has(handler)) return byHandler.get(handler) as T;
    const value = reflector.getAllAndOverride<T | undefined>(key, [handler, context.getClass()]) ?? fallback;
    byHandler.set(handler, value);
    return value;
  };
}
