import { useMessagingStack } from '../helpers/messaging-stack';
import { SEED_PEOPLE } from '@app/dev-infra';

describe('messages-api: a conversation as the frontend has it', () => {
  const { stack, tokens, conversation: seeded } = useMessagingStack({ opening: 'seed' });

  it('lists my conversations with the other person and the last message', async () => {
    const { status, body } = await stack.request('/api/message_groups', { token: tokens.andrewbrown });

    expect(status).toBe(200);
    expect(body).toEqual([
      {
        uuid: seeded.uuid,
        display_name: 'Andrew Bayko',
        handle: 'bayko',
        message: 'Good. Let us write it up for the bootcamp.',
        created_at: '2026-11-20T09:06:00.000Z',
        // docs/design.md §9, additive: andrew sent the seed's last message, so nothing is unread for him.
        unread_count: 0,
      },
    ]);
    const forBayko = await stack.request('/api/message_groups', { token: tokens.bayko });
    expect(forBayko.body).toEqual([expect.objectContaining({ handle: 'andrewbrown', unread_count: 1 })]);
  });

  it('opens a conversation oldest→newest, and sends into it', async () => {
    const opened = await stack.request(`/api/messages/${seeded.uuid}`, { token: tokens.bayko });
    expect(opened.status).toBe(200);
    expect(opened.body).toHaveLength(5);
    expect(opened.body[0]).toEqual({
      uuid: expect.any(String),
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'Bayko, did the deploy go out last night?',
      created_at: '2026-11-20T09:00:00.000Z',
    });
    expect(opened.body.map((m: { created_at: string }) => m.created_at)).toEqual(
      [...opened.body.map((m: { created_at: string }) => m.created_at)].sort(),
    );

    const sent = await stack.request('/api/messages', {
      token: tokens.bayko,
      body: { message: '  Written up and shared.  ', message_group_uuid: seeded.uuid },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({
      message_group_uuid: seeded.uuid,
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      display_name: 'Andrew Bayko',
      handle: 'bayko',
      message: 'Written up and shared.',
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    const after = await stack.request(`/api/messages/${seeded.uuid}`, { token: tokens.andrewbrown });
    expect(after.body.at(-1)).toMatchObject({ uuid: sent.body.uuid, message: 'Written up and shared.' });
  });

  it('starts a conversation by handle, and a second send by handle lands in the same group', async () => {
    const first = await stack.request('/api/messages', { token: tokens.andrewbrown, body: { message: 'Hello Londo', handle: 'londo' } });
    const second = await stack.request('/api/messages', { token: tokens.andrewbrown, body: { message: 'Still there?', handle: '@Londo' } });

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.message_group_uuid).toBe(first.body.message_group_uuid);
    const londo = await stack.token('londo');
    const groups = await stack.request('/api/message_groups', { token: londo });
    expect(groups.body).toEqual([
      expect.objectContaining({ uuid: first.body.message_group_uuid, handle: 'andrewbrown', display_name: 'Andrew Brown' }),
    ]);
    const thread = await stack.request(`/api/messages/${first.body.message_group_uuid}`, { token: londo });
    expect(thread.body.map((m: { message: string }) => m.message)).toEqual(['Hello Londo', 'Still there?']);
  });

  it('pages back through 45 messages 20 at a time via the Link header, each once and in order', async () => {
    const start = await stack.request('/api/messages', { token: tokens.bayko, body: { message: 'message 1', handle: 'londo' } });
    const group = start.body.message_group_uuid as string;
    for (let i = 2; i <= 45; i++) {
      const sent = await stack.request('/api/messages', {
        token: tokens.bayko,
        body: { message: `message ${i}`, message_group_uuid: group },
      });
      expect(sent.status).toBe(200);
    }

    const pages: string[][] = [];
    let next: string | null = `/api/messages/${group}?limit=20`;
    while (next) {
      const page = await stack.request(next, { token: tokens.bayko });
      expect(page.status).toBe(200);
      pages.push(page.body.map((m: { message: string }) => m.message));
      const link = page.headers.get('link');
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : null;
      if (link) expect(page.headers.get('x-next-cursor')).toBe(new URL(next!, stack.baseUrl).searchParams.get('cursor'));
    }

    expect(pages.map((page) => page.length)).toEqual([20, 20, 5]);
    expect(pages.reverse().flat()).toEqual(Array.from({ length: 45 }, (_, i) => `message ${i + 1}`));
  });

  it('looks a person up by handle', async () => {
    const { status, body } = await stack.request('/api/users/@londo/short', { token: tokens.andrewbrown });
    expect(status).toBe(200);
    expect(body).toEqual({ uuid: SEED_PEOPLE.londo.uuid, handle: 'londo', display_name: 'Londo Mollari' });
  });
});
