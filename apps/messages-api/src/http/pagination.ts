/** A response that can carry headers, under Express or Fastify alike. */
export interface HeaderSink {
  header(name: string, value: string): unknown;
}

/**
 * The next page travels in headers, so bodies stay the plain arrays the frontend reads:
 * `Link: <…?limit=&cursor=…>; rel="next"` (RFC 8288) and `X-Next-Cursor`.
 */
export function setNextPage(response: HeaderSink, path: string, limit: number | undefined, nextCursor: string | null): void {
  if (!nextCursor) return;
  const query = new URLSearchParams({ ...(limit ? { limit: String(limit) } : {}), cursor: nextCursor });
  response.header('Link', `<${path}?${query.toString()}>; rel="next"`);
  response.header('X-Next-Cursor', nextCursor);
}
