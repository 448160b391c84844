import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { type MessagingStack, startMessagingStack } from '../helpers/messaging-stack';

/** Debian's chromium (docs/design.md §11); Playwright's own browser download does not work here. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`);

/**
 * A TCP relay between the browser and messages-api, so the test can cut the server's side of a
 * live connection and hold off reconnects for a while, as a restart or a network blip would. It
 * also notes the Last-Event-ID of every request it relays (plain HTTP), to show who sent it.
 */
async function relayTo(port: number) {
  const sockets = new Set<Socket>();
  let blocked = false;
  const lastEventIds: Array<string | null> = [];
  const server: TcpServer = createTcpServer((client) => {
    if (blocked) return client.destroy();
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let head = '';
    client.on('data', (chunk) => {
      if (head.length < 8192 && !head.includes('\r\n\r\n')) {
        head += chunk.toString('latin1');
        if (head.includes('\r\n\r\n') && head.startsWith('GET /api/events'))
          lastEventIds.push(/^last-event-id: (.*)$/im.exec(head)?.[1] ?? null);
      }
    });
    client.pipe(upstream).pipe(client);
    const drop = () => (client.destroy(), upstream.destroy(), sockets.delete(client), sockets.delete(upstream));
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lastEventIds,
    /** Cuts every open connection and refuses new ones until `unblock`. */
    cut() {
      blocked = true;
      for (const socket of sockets) socket.destroy();
    },
    unblock: () => (blocked = false),
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), [...sockets].forEach((socket) => socket.destroy()))),
  };
}

/** The page: a real EventSource opened with a ticket; each message.created shown once (by uuid). */
const PAGE = `<!doctype html><meta charset="utf-8"><title>live</title><ul id="messages"></ul><script>
  const params = new URLSearchParams(location.search);
  const source = new EventSource(params.get('api') + '/api/events?ticket=' + params.get('ticket'));
  const seen = new Set();
  window.opened = 0;
  source.onopen = () => { window.opened += 1; };
  source.addEventListener('message.created', (event) => {
    const message = JSON.parse(event.data);
    if (seen.has(message.uuid)) return;
    seen.add(message.uuid);
    const item = document.createElement('li');
    item.textContent = message.handle + ': ' + message.message;
    document.getElementById('messages').append(item);
  });
</script>`;

(haveChromium ? describe : describe.skip)('a browser’s EventSource, with a ticket and its own reconnect', () => {
  let stack: MessagingStack;
  let page: Server;
  let pageOrigin: string;
  let browser: Browser;

  beforeAll(async () => {
    page = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    // The page's origin is the frontend's, allowed by CORS; a short retry so the reconnect comes soon.
    [stack, browser] = await Promise.all([
      startMessagingStack({ FRONTEND_URL: pageOrigin, LIVE_RETRY_MS: '300' }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((resolve) => page?.close(resolve));
  });

  it('shows a message the other person sent, and after the server side drops, its reconnect brings what was sent meanwhile', async () => {
    const [andrew, bayko] = await Promise.all([stack.token('andrewbrown'), stack.token('bayko')]);
    const port = Number(new URL(stack.baseUrl).port);
    const relay = await relayTo(port);
    try {
      const { body: ticket } = await stack.request('/api/events/tickets', { method: 'POST', token: bayko });
      const tab = await browser.newPage();
      await tab.goto(`${pageOrigin}/?api=${encodeURIComponent(relay.url)}&ticket=${ticket.ticket}`);
      await tab.waitForFunction('window.opened === 1');

      const send = async (message: string) => {
        const response = await stack.request('/api/messages', { token: andrew, body: { handle: 'bayko', message } });
        expect(response.status).toBe(200);
      };
      await send('first, live');
      await tab.locator('#messages li', { hasText: 'andrewbrown: first, live' }).waitFor();

      relay.cut();
      for (const message of ['while away 1', 'while away 2', 'while away 3']) await send(message);
      relay.unblock();

      await tab.waitForFunction("document.querySelectorAll('#messages li').length === 4", undefined, { timeout: 20_000 });
      expect(await tab.locator('#messages li').allTextContents()).toEqual([
        'andrewbrown: first, live',
        'andrewbrown: while away 1',
        'andrewbrown: while away 2',
        'andrewbrown: while away 3',
      ]);
      // The browser itself reconnected (same URL, used ticket) and sent its Last-Event-ID.
      expect(await tab.evaluate('window.opened')).toBeGreaterThanOrEqual(2);
      expect(relay.lastEventIds[0]).toBeNull();
      expect(relay.lastEventIds.slice(1).some((id) => id !== null && id.startsWith('1.'))).toBe(true);
    } finally {
      await relay.close();
    }
  });
});
