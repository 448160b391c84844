import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What a refused request may still send after its answer: read and thrown away, never kept. */
export interface UnreadBodyDrain {
  /** Bytes read (and discarded) after the answer before the connection is closed. */
  maxBytes: number;
  /** Time allowed for the rest of the body after the answer before the connection is closed. */
  maxMs: number;
}

/**
 * Enough for a client that writes its whole body before it reads (a browser, or fetch on a busy
 * event loop) to get the 413 of a few-megabyte paste; a client that sends more is cut off.
 */
export const UNREAD_BODY_DRAIN: UnreadBodyDrain = { maxBytes: 8 * 1024 * 1024, maxMs: 30_000 };

/**
 * Answers sent before the request body was read in full (a 413 from its Content-Length, a 415)
 * reach streaming clients. Fastify marks such an answer `Connection: close`, and Node closes the
 * socket as soon as the answer is written: the body still arriving then meets a reset, and a
 * client that had not yet read the answer sees EPIPE/ECONNRESET instead of it (curl reads early
 * and gets the 413; fetch and browsers often do not). Instead the answer is sent as keep-alive
 * and the rest of the body is read and discarded, so the connection stays in step; past
 * `maxBytes` or `maxMs` the connection is closed, so a client cannot make the server read
 * without end (RFC 9112 §9.6 describes this staged close).
 */
export function drainUnreadBodies(fastify: FastifyInstance, drain: UnreadBodyDrain = UNREAD_BODY_DRAIN): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete && !request.raw.destroyed) {
      reply.removeHeader('connection');
      // Before the answer is written: Node would otherwise discard the rest itself, uncounted.
      discardRest(request, drain);
    }
    done(null, payload);
  });
}

/** Reads what is left of the body into nothing; closes the connection past the drain's limits. */
function discardRest(request: FastifyRequest, { maxBytes, maxMs }: UnreadBodyDrain): void {
  const raw = request.raw;
  let drained = 0;
  const cutOff = () => {
    stop();
    raw.socket?.destroy();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxBytes) cutOff();
  };
  const timer = setTimeout(cutOff, maxMs).unref();
  const stop = () => {
    clearTimeout(timer);
    raw.off('data', onData).off('end', stop).off('close', stop);
  };
  raw.on('data', onData).once('end', stop).once('close', stop);
  raw.resume();
}
