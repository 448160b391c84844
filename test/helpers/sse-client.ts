import { waitFor } from './wait-for';

/** One event as a browser's EventSource would dispatch it. */
export interface ReceivedEvent {
  event: string;
  /** The Last-Event-ID after this event. */
  id: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The error body of a refused stream. */
  body?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  events: ReceivedEvent[];
  /** The last `id:` seen (what a browser would send as Last-Event-ID). */
  lastEventId: string;
  /** How many comment lines (heartbeats) arrived. */
  comments: number;
  /** The `retry:` advice received. */
  retryMs?: number;
  /** True once the server ended the stream. */
  ended: boolean;
  /** Resolves with the first received event matching `predicate` (a condition, not a sleep). */
  next(predicate: (event: ReceivedEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  /** Waits until the stream has received `count` events matching `predicate`. */
  collect(predicate: (event: ReceivedEvent) => boolean, count: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): void;
}

/**
 * A Server-Sent Events reader over fetch, parsing as the WHATWG spec says (what EventSource does),
 * for tests: GET `url` with optional Bearer token and Last-Event-ID; resolves once the response
 * headers arrived. A non-200 answer resolves too, with `status` and `body`.
 */
export async function openSse(url: string, options: { token?: string; lastEventId?: string } = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: {
      accept: 'text/event-stream',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const stream: SseStream = {
    status: response.status,
    headers: response.headers,
    events: [],
    lastEventId: options.lastEventId ?? '',
    comments: 0,
    ended: false,
    next: (predicate, timeoutMs = 10_000) =>
      waitFor(async () => stream.events.find(predicate) ?? (stream.ended ? Promise.reject(new Error('stream ended')) : undefined), {
        timeoutMs,
        intervalMs: 5,
      }),
    collect: (predicate, count, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const matching = stream.events.filter(predicate);
          if (matching.length >= count) return matching;
          if (stream.ended) throw new Error(`stream ended with ${matching.length}/${count} events`);
          return undefined;
        },
        { timeoutMs, intervalMs: 5 },
      ),
    close: () => controller.abort(),
  };
  if (response.status !== 200) {
    stream.body = await response.json().catch(() => undefined);
    stream.ended = true;
    return stream;
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = '';
    let data: string[] = [];
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) !== -1) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length > 0)
              stream.events.push({ event: event || 'message', id: stream.lastEventId, data: JSON.parse(data.join('\n')) });
            event = '';
            data = [];
          } else if (line.startsWith(':')) {
            stream.comments += 1;
          } else {
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') stream.lastEventId = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'retry') stream.retryMs = Number(value);
          }
        }
      }
    } catch {
      // aborted by close(), or the connection dropped
    }
    stream.ended = true;
  })();
  return stream;
}
