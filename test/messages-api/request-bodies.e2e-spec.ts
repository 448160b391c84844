import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import { useMessagingStack } from '../helpers/messaging-stack';
import { waitFor } from '../helpers/wait-for';

const MEGABYTE = 1024 * 1024;

/**
 * POSTs `megabytes` of JSON with fetch from a worker thread whose event loop is busy for a moment
 * after the first 64 KB: it writes the rest before it reads the answer, as a browser tab or fetch
 * on a loaded process does. (fetch on this test's own loop reads the answer first, as curl does.)
 */
function fetchFromBusyClient(
  url: string,
  token: string,
  megabytes: number,
): Promise<{ status?: number; body?: unknown; failure?: string }> {
  const client = `
    const { workerData, parentPort } = require('node:worker_threads');
    const chunk = new Uint8Array(64 * 1024).fill(0x78);
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"handle":"bayko","message":"'));
        if (sent === chunk.length) { const until = Date.now() + 300; while (Date.now() < until); }
        if (sent >= workerData.bytes) { controller.enqueue(new TextEncoder().encode('"}')); controller.close(); return; }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    fetch(workerData.url, {
      method: 'POST', duplex: 'half', body,
      headers: { authorization: 'Bearer ' + workerData.token, 'content-type': 'application/json' },
    }).then(
      async (response) => parentPort.postMessage({ status: response.status, body: await response.json() }),
      (error) => parentPort.postMessage({ failure: error.message + ': ' + (error.cause && error.cause.code) }),
    );`;
  const worker = new Worker(client, { eval: true, workerData: { url, token, bytes: megabytes * MEGABYTE } });
  return new Promise<{ status?: number; body?: unknown; failure?: string }>((resolve, reject) => {
    worker.once('message', resolve).once('error', reject);
  }).finally(() => worker.terminate());
}

/**
 * A raw HTTP/1.1 connection that POSTs `declaredBytes` and keeps writing its body after the answer
 * has arrived (as a browser does: it reads the answer once its upload is done), then asks for the
 * conversation list on the same connection if it is still open.
 */
async function postThenKeepWriting(port: number, token: string, declaredBytes: number) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let failure: string | undefined;
  socket.setEncoding('latin1').on('data', (text: string) => (received += text));
  socket.on('error', (error: NodeJS.ErrnoException) => (failure = error.code));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    `POST /api/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${declaredBytes}\r\n\r\n`,
  );
  const chunk = Buffer.alloc(64 * 1024, 'x');
  socket.write(chunk);
  let written = chunk.length;
  await waitFor(async () => received.startsWith('HTTP/1.1 ') || socket.destroyed);
  while (!socket.destroyed && written < declaredBytes) {
    const part = chunk.subarray(0, Math.min(chunk.length, declaredBytes - written));
    if (!socket.write(part)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
    written += part.length;
  }
  const answer = received;
  let next: string | undefined;
  if (!socket.destroyed) {
    socket.write(`GET /api/message_groups HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    await waitFor(async () => (received.length > answer.length && /\r\n\r\n\[/.test(received.slice(answer.length))) || socket.destroyed);
    next = received.slice(answer.length);
  }
  socket.destroy();
  await closed;
  return { answer, written, failure, next };
}

describe('messages-api: request bodies, and answers a client can read', () => {
  const { stack, tokens } = useMessagingStack();

  const port = () => Number(new URL(stack.baseUrl).port);
  const countConversations = async () => (await stack.request('/api/message_groups', { token: tokens.andrewbrown })).body.length as number;

  describe('a body over the size limit', () => {
    it('is answered 413 payload_too_large to fetch sending 3 MB, not with a reset connection', async () => {
      const response = await fetch(`${stack.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.andrewbrown}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x'.repeat(3 * MEGABYTE), handle: 'bayko' }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: 'payload_too_large', message: 'request body is too large' });
    });

    it('is answered 413 to fetch that streams 3 MB and writes it all before reading', async () => {
      const result = await fetchFromBusyClient(`${stack.baseUrl}/api/messages`, tokens.andrewbrown, 3);
      expect(result).toEqual({ status: 413, body: { error: 'payload_too_large', message: 'request body is too large' } });
      expect(await countConversations()).toBe(0);
    });

    it('is answered 413 to a client that declares 3 MB and writes it all after the answer, on a connection that stays usable', async () => {
      const { answer, written, failure, next } = await postThenKeepWriting(port(), tokens.andrewbrown, 3 * MEGABYTE);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toContain('{"error":"payload_too_large","message":"request body is too large"}');
      expect({ written, failure }).toEqual({ written: 3 * MEGABYTE, failure: undefined });
      expect(next).toMatch(/^HTTP\/1\.1 200 /);
    });

    it('is not read without end: a client that keeps sending is cut off after a few megabytes', async () => {
      const { answer, written } = await postThenKeepWriting(port(), tokens.andrewbrown, 1024 * MEGABYTE);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(written).toBeLessThan(64 * MEGABYTE);
      expect((await stack.request('/api/message_groups', { token: tokens.andrewbrown })).status).toBe(200);
    });
  });

  describe('a body with a key that could poison prototypes', () => {
    it.each([
      ['"__proto__" at the top', '{"message":"hi","handle":"bayko","__proto__":{"x":1}}', '__proto__'],
      ['"__proto__" nested', '{"message":"hi","handle":"bayko","meta":{"tags":[{"__proto__":{}}]}}', 'meta.tags[0].__proto__'],
      [
        '"constructor" with a "prototype"',
        '{"message":"hi","handle":"bayko","constructor":{"prototype":{"x":1}}}',
        'constructor.prototype',
      ],
    ])('is refused 400 body_forbidden_key naming the key (%s), not called invalid JSON', async (_, body, field) => {
      const response = await stack.request('/api/messages', { token: tokens.andrewbrown, body });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'body_forbidden_key',
        message: expect.stringContaining(field),
        errors: [{ field, code: 'body_forbidden_key', message: expect.any(String) }],
      });
      expect(await countConversations()).toBe(0);
    });

    it('still calls a body that is not JSON invalid_json, and takes "proto" or "constructor" as plain keys', async () => {
      const invalid = await stack.request('/api/messages', { token: tokens.andrewbrown, body: '{"message":"hi","__proto__":' });
      const plain = await stack.request('/api/messages', {
        token: tokens.andrewbrown,
        body: '{"message":"hi","handle":"bayko","proto":{},"constructor":"x"}',
      });
      expect([invalid.status, invalid.body.error]).toEqual([400, 'invalid_json']);
      expect(plain.status).toBe(200);
    });
  });

  describe('a request without a usable token', () => {
    it('gets a 401 with a Bearer challenge the frontend can read (RFC 9110 §15.5.2)', async () => {
      const response = await stack.request('/api/messages', {
        body: { message: 'hi', handle: 'bayko' },
        headers: { origin: 'http://localhost:3000' },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    });
  });
});
