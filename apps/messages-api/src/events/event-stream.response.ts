import type { ServerResponse } from 'node:http';
import type { StreamSink } from './live-connection';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and friends would otherwise buffer the stream.
  'x-accel-buffering': 'no',
};

interface FastifyReplyLike {
  raw: ServerResponse;
  hijack(): void;
  getHeaders(): Record<string, string | number | string[] | undefined>;
}

/**
 * The one adapter-specific step of a live stream: turn the framework's response into the raw Node
 * response, with 200 and the SSE headers written. Under Fastify (`reply.raw`) the reply is hijacked
 * so Fastify leaves it alone, and the headers it already holds (CORS, request id) are carried over;
 * under Express the response is the raw one, whose headers set so far are kept by writeHead.
 */
export function openEventStream(response: unknown): ServerResponse {
  const reply = response as Partial<FastifyReplyLike>;
  let raw: ServerResponse;
  if (reply.raw && typeof reply.hijack === 'function') {
    reply.hijack();
    raw = reply.raw;
    const held = Object.fromEntries(Object.entries(reply.getHeaders?.() ?? {}).filter(([, value]) => value !== undefined));
    raw.writeHead(200, { ...held, ...SSE_HEADERS } as Record<string, string>);
  } else {
    raw = response as ServerResponse;
    raw.writeHead(200, SSE_HEADERS);
  }
  raw.socket?.setNoDelay(true);
  raw.flushHeaders();
  return raw;
}

/** A StreamSink over a raw Node response. */
export function responseSink(raw: ServerResponse): StreamSink {
  return {
    write: (chunk) => raw.write(chunk),
    get writableLength() {
      return raw.writableLength;
    },
    drained: () =>
      new Promise<void>((resolve) => {
        if (!raw.writableNeedDrain || raw.destroyed) return resolve();
        const done = () => {
          raw.off('drain', done);
          raw.off('close', done);
          resolve();
        };
        raw.on('drain', done);
        raw.on('close', done);
      }),
    end: () => raw.end(),
    destroy: () => raw.destroy(),
  };
}
