import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a request may see the worker's details: only with `Authorization: Bearer <WORKER_STATUS_TOKEN>`,
 * compared in constant time. With no token configured, nobody may (anonymous callers get up/down only).
 */
export function mayReadDetails(authorization: string | undefined, statusToken: string | null): boolean {
  if (!statusToken || !authorization?.startsWith('Bearer ')) return false;
  // Hashing first gives equal lengths, as timingSafeEqual needs, without revealing the token's length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(authorization.slice('Bearer '.length)), digest(statusToken));
}
