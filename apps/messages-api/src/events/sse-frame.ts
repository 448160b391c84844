/**
 * Server-Sent Events framing (WHATWG HTML §9.2). Every function returns one complete block,
 * ending in a blank line, ready to write to the response.
 */

/** Field values must not contain line breaks; data is split into one `data:` line per line. */
const LINE_BREAK = /\r\n|\r|\n/;

function assertSingleLine(field: string, value: string): void {
  if (LINE_BREAK.test(value)) throw new Error(`SSE ${field} must be one line`);
}

/** An event: `id:` (optional: without it the client keeps its last id), `event:`, and the JSON data. */
export function eventFrame(frame: { id?: string; event: string; data: unknown }): string {
  assertSingleLine('event', frame.event);
  let block = '';
  if (frame.id !== undefined) {
    assertSingleLine('id', frame.id);
    block += `id: ${frame.id}\n`;
  }
  block += `event: ${frame.event}\n`;
  for (const line of JSON.stringify(frame.data).split(LINE_BREAK)) block += `data: ${line}\n`;
  return `${block}\n`;
}

/**
 * An id with no data: the browser moves its Last-Event-ID there without dispatching an event
 * (moving the resume position without an event to carry it).
 */
export function idFrame(id: string): string {
  assertSingleLine('id', id);
  return `id: ${id}\n\n`;
}

/** How long the client should wait before reconnecting. */
export function retryFrame(retryMs: number): string {
  return `retry: ${Math.max(0, Math.floor(retryMs))}\n\n`;
}

/** A comment line, ignored by clients: heartbeats that keep proxies from closing an idle stream. */
export function commentFrame(text = ''): string {
  return `:${text.split(LINE_BREAK).join(' ')}\n\n`;
}
