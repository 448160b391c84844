import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { StreamSink } from './live-connection';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and friends would otherwise buffer the stream.
  'x-accel-buffering': 'no',
};

/**
 * The one adapter-specific step of a live stream: turn Fastify's reply into the raw Node response,
 * with 200 and the SSE headers written. The reply is hijacked so Fastify leaves it alone, and the
 * headers it already holds (CORS, request id) are carried over.
 */
export function openEventStream(reply: FastifyReply): ServerResponse {
  reply.hijack();
  const raw = reply.raw;
  const held = Object.fromEntries(Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined));
  raw.writeHead(200, { ...held, ...SSE_HEADERS } as Record<string, string>);
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
