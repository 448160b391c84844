import { type System, startSystem } from '../helpers/system';
import { waitFor } from '../helpers/wait-for';

interface Entry {
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  created_at: string;
}

/** The three apps as separate processes, used the way the Cruddur frontend uses them. */
describe('the whole system, as the frontend uses it', () => {
  let system: System;
  let andrew: string;
  let bayko: string;
  let londo: string;

  const call = async (path: string, token: string, body?: unknown) => {
    const response = await fetch(`${system.baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any, headers: response.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  /** Polls a person's conversation list until its entry for `group` shows `message`. */
  const summaryShows = (token: string, group: string, message: string) =>
    waitFor(
      async () => {
        const { body } = await call('/api/message_groups', token);
        return (body as Entry[]).find((entry) => entry.uuid === group && entry.message === message);
      },
      { timeoutMs: 10_000 },
    );

  beforeAll(async () => {
    // The send path's own summary move is off: every summary here is moved by pattern E on the
    // stream alone, as after a messages-api that died between storing a message and moving them.
    system = await startSystem({ SEND_MOVES_SUMMARIES: 'false' });
    [andrew, bayko, londo] = await Promise.all([system.token('andrewbrown'), system.token('bayko'), system.token('londo')]);
  }, 120_000);
  afterAll(() => system?.stop());

  it('lists the seeded conversation and opens it', async () => {
    const groups = await call('/api/message_groups', andrew);
    expect(groups.status).toBe(200);
    expect(groups.body).toEqual([expect.objectContaining({ uuid: system.seededGroup, handle: 'bayko' })]);

    const thread = await call(`/api/messages/${system.seededGroup}`, andrew);
    expect(thread.status).toBe(200);
    expect(thread.body).toHaveLength(5);
  });

  it('moves both people’s conversation lists to a new message (pattern E), within seconds', async () => {
    const sent = await call('/api/messages', bayko, { message: 'Pattern E, are you there?', message_group_uuid: system.seededGroup });
    expect(sent.status).toBe(200);

    const [forAndrew, forBayko] = await Promise.all([
      summaryShows(andrew, system.seededGroup, 'Pattern E, are you there?'),
      summaryShows(bayko, system.seededGroup, 'Pattern E, are you there?'),
    ]);
    expect(forAndrew).toMatchObject({ handle: 'bayko', created_at: sent.body.created_at });
    expect(forBayko).toMatchObject({ handle: 'andrewbrown', created_at: sent.body.created_at });
  });

  it('starts a conversation by handle and pages back through its history', async () => {
    const first = await call('/api/messages', londo, { message: 'history 1', handle: 'bayko' });
    expect(first.status).toBe(200);
    for (let i = 2; i <= 25; i++) {
      expect(
        (await call('/api/messages', i % 2 ? londo : bayko, { message: `history ${i}`, message_group_uuid: first.body.message_group_uuid }))
          .status,
      ).toBe(200);
    }
    const seen: string[][] = [];
    let next: string | null = `/api/messages/${first.body.message_group_uuid}?limit=10`;
    while (next) {
      const page = await call(next, bayko);
      seen.push((page.body as Entry[]).map((entry) => entry.message));
      next = page.headers.get('x-next-cursor')
        ? `/api/messages/${first.body.message_group_uuid}?limit=10&cursor=${page.headers.get('x-next-cursor')}`
        : null;
    }
    expect(seen.reverse().flat()).toEqual(Array.from({ length: 25 }, (_, i) => `history ${i + 1}`));
    await summaryShows(londo, first.body.message_group_uuid, 'history 25');
  });

  it('refuses a third person', async () => {
    expect((await call(`/api/messages/${system.seededGroup}`, londo)).status).toBe(404);
    expect((await call('/api/messages', londo, { message: 'psst', message_group_uuid: system.seededGroup })).status).toBe(404);
  });

  it('loses nothing when the stream-worker is killed mid-traffic and restarted', async () => {
    const burst = (from: number, to: number) =>
      Promise.all(
        Array.from({ length: to - from + 1 }, (_, i) =>
          call('/api/messages', andrew, { message: `burst ${from + i}`, message_group_uuid: system.seededGroup }),
        ),
      );
    const before = burst(1, 20);
    await system.kill('stream-worker', 'SIGKILL');
    const during = await burst(21, 40);
    expect([...(await before), ...during].every((response) => response.status === 200)).toBe(true);
    await system.start('stream-worker');

    const newest = [...(await before), ...during]
      .map((response) => response.body as Entry)
      .sort((a, b) => (a.created_at < b.created_at ? -1 : 1))
      .at(-1)!;
    await Promise.all([summaryShows(andrew, system.seededGroup, newest.message), summaryShows(bayko, system.seededGroup, newest.message)]);
    const thread = await call(`/api/messages/${system.seededGroup}?limit=100`, bayko);
    const bursts = (thread.body as Entry[]).filter((entry) => entry.message.startsWith('burst '));
    expect(bursts).toHaveLength(40);
    const groups = await call('/api/message_groups', andrew);
    expect((groups.body as Entry[]).filter((entry) => entry.uuid === system.seededGroup)).toHaveLength(1);
  });
});
