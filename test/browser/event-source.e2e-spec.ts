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

/**
 * The page: a real EventSource opened with a ticket; each message.created shown once (by uuid), its
 * text replaced on message.updated and cleared on message.deleted, as the frontend does; every
 * change's data kept in `window.changes` for the test to read.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>live</title><ul id="messages"></ul><script>
  const params = new URLSearchParams(location.search);
  const source = new EventSource(params.get('api') + '/api/events?ticket=' + params.get('ticket'));
  const seen = new Set();
  window.opened = 0;
  window.changes = [];
  source.onopen = () => { window.opened += 1; };
  source.addEventListener('message.created', (event) => {
    const message = JSON.parse(event.data);
    if (seen.has(message.uuid)) return;
    seen.add(message.uuid);
    const item = document.createElement('li');
    item.dataset.uuid = message.uuid;
    item.textContent = message.handle + ': ' + message.message;
    document.getElementById('messages').append(item);
  });
  const change = (show) => (event) => {
    const message = JSON.parse(event.data);
    window.changes.push({ event: event.type, data: message });
    const item = document.querySelector('#messages li[data-uuid="' + message.uuid + '"]');
    if (item) item.textContent = show(message);
  };
  source.addEventListener('message.updated', change((message) => message.handle + ': ' + message.message + ' (edited)'));
  source.addEventListener('message.deleted', change((message) => message.handle + ': (deleted)'));
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

  it('shows the other person’s edit and then their delete of a message, as message.updated and message.deleted', async () => {
    const [andrew, bayko] = await Promise.all([stack.token('andrewbrown'), stack.token('bayko')]);
    const { body: ticket } = await stack.request('/api/events/tickets', { method: 'POST', token: bayko });
    const tab = await browser.newPage();
    try {
      await tab.goto(`${pageOrigin}/?api=${encodeURIComponent(stack.baseUrl)}&ticket=${ticket.ticket}`);
      await tab.waitForFunction('window.opened === 1');

      const sent = await stack.request('/api/messages', { token: andrew, body: { handle: 'bayko', message: 'see you at 8' } });
      expect(sent.status).toBe(200);
      /** Waits until the page shows the message with this text. */
      const shows = (text: string) => tab.locator(`#messages li[data-uuid="${sent.body.uuid}"]`, { hasText: text }).waitFor();
      await shows('andrewbrown: see you at 8');
      const path = `/api/message_groups/${sent.body.message_group_uuid}/messages/${sent.body.uuid}`;

      const edited = await stack.request(path, { method: 'PATCH', token: andrew, body: { message: 'see you at 9' } });
      expect(edited.status).toBe(200);
      await shows('andrewbrown: see you at 9 (edited)');

      expect((await stack.request(path, { method: 'DELETE', token: andrew })).status).toBe(204);
      await shows('andrewbrown: (deleted)');

      const changes = (await tab.evaluate('window.changes')) as Array<{ event: string; data: Record<string, unknown> }>;
      expect(changes.map((change) => change.event)).toEqual(['message.updated', 'message.deleted']);
      expect(changes[0].data).toEqual({
        message_group_uuid: sent.body.message_group_uuid,
        uuid: sent.body.uuid,
        display_name: 'Andrew Brown',
        handle: 'andrewbrown',
        message: 'see you at 9',
        created_at: sent.body.created_at,
        edited_at: edited.body.edited_at,
        revision: 1,
      });
      expect(changes[1].data).toMatchObject({
        uuid: sent.body.uuid,
        handle: 'andrewbrown',
        message: '',
        deleted: true,
        deleted_at: expect.any(String),
        revision: 2,
      });
      expect(await tab.locator('#messages li').allTextContents()).toEqual(['andrewbrown: (deleted)']);
    } finally {
      await tab.close();
    }
  });
});
