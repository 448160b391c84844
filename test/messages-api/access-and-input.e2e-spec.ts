import { randomUUID } from 'node:crypto';
import { UsersService } from '../../apps/users/src/users/users.service';
import { useMessagingStack } from '../helpers/messaging-stack';
import { claimsOf, forgeToken } from '../helpers/tokens';
import { findFreePort } from '@app/dev-infra';

describe('messages-api: who may do what, and what bad input gets', () => {
  const { stack, tokens, conversation } = useMessagingStack({ opening: { from: 'andrewbrown', to: 'bayko', message: 'just us' } });

  const countMessages = async () => (await stack.db.table.listMessages(conversation.uuid, { limit: 100 })).items.length;

  it('gives a third person 404 (not 403) for reading or posting into the others’ group, and stores nothing', async () => {
    const read = await stack.request(`/api/messages/${conversation.uuid}`, { token: tokens.londo });
    const post = await stack.request('/api/messages', {
      token: tokens.londo,
      body: { message: 'let me in', message_group_uuid: conversation.uuid },
    });
    const unknown = await stack.request(`/api/messages/${randomUUID()}`, { token: tokens.londo });

    expect([read.status, post.status, unknown.status]).toEqual([404, 404, 404]);
    expect(read.body).toEqual(unknown.body);
    expect(read.body).toEqual({ error: 'message_group_not_found', message: 'no such conversation' });
    expect(await countMessages()).toBe(1);
  });

  const bad: Array<[string, unknown, number, string[]]> = [
    ['blank message', { message: '   ', message_group_uuid: 'G' }, 422, ['message_blank']],
    ['missing message', { message_group_uuid: 'G' }, 422, ['message_blank']],
    ['message not a string', { message: 42, message_group_uuid: 'G' }, 422, ['message_not_string']],
    ['1025 characters', { message: 'é'.repeat(1025), message_group_uuid: 'G' }, 422, ['message_exceed_max_chars_1024']],
    ['no recipient', { message: 'hi' }, 422, ['message_group_uuid_blank']],
    ['blank group uuid', { message: 'hi', message_group_uuid: '' }, 422, ['message_group_uuid_blank']],
    ['group uuid not a uuid', { message: 'hi', message_group_uuid: 'abc' }, 422, ['message_group_uuid_invalid']],
    ['every rule at once', { message: '', message_group_uuid: 'abc' }, 422, ['message_blank', 'message_group_uuid_invalid']],
    ['bad handle', { message: 'hi', handle: 'no spaces!' }, 422, ['handle_invalid']],
    ['handle and group', { message: 'hi', handle: 'bayko', message_group_uuid: 'G' }, 422, ['handle_and_message_group_uuid']],
  ];

  it.each(bad)('answers %s with 422 and its codes, storing nothing', async (_, body, status, codes) => {
    const withGroup = JSON.parse(JSON.stringify(body).replace('"G"', `"${conversation.uuid}"`));
    const response = await stack.request('/api/messages', { token: tokens.andrewbrown, body: withGroup });

    expect(response.status).toBe(status);
    expect(response.body.error).toBe('validation_failed');
    expect(response.body.errors.map((e: { code: string }) => e.code)).toEqual(codes);
    expect(await countMessages()).toBe(1);
  });

  it('accepts exactly 1024 characters, counted as people count them', async () => {
    const response = await stack.request('/api/messages', {
      token: tokens.andrewbrown,
      body: { message: '😀'.repeat(1024), message_group_uuid: conversation.uuid },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['an unknown handle', { message: 'hi', handle: 'ghost' }, 404, 'handle_not_found'],
    ['oneself', { message: 'hi', handle: 'AndrewBrown' }, 422, 'message_to_self'],
  ])('answers a message to %s with its status and code', async (_, body, status, code) => {
    const response = await stack.request('/api/messages', { token: tokens.andrewbrown, body });
    expect(response.status).toBe(status);
    expect(response.body.error).toBe(code);
  });

  it('answers malformed requests with 4xx and a reason, never 5xx', async () => {
    const cases = await Promise.all([
      stack.request('/api/messages/not-a-uuid', { token: tokens.andrewbrown }),
      stack.request('/api/message_groups?limit=0', { token: tokens.andrewbrown }),
      stack.request('/api/message_groups?limit=abc', { token: tokens.andrewbrown }),
      stack.request('/api/message_groups?cursor=%25%25', { token: tokens.andrewbrown }),
      stack.request(`/api/messages/${conversation.uuid}?cursor=${Buffer.from('{"pk":"x","sk":"y"}').toString('base64url')}`, {
        token: tokens.andrewbrown,
      }),
      stack.request('/api/messages', { token: tokens.andrewbrown, body: '{"message": "hi",' }),
      stack.request('/api/messages', {
        token: tokens.andrewbrown,
        body: { message: 'x'.repeat(40_000), message_group_uuid: conversation.uuid },
      }),
      stack.request('/api/users/@no!/short', { token: tokens.andrewbrown }),
      stack.request('/api/users/@ghost/short', { token: tokens.andrewbrown }),
      stack.request('/api/messages', {
        token: tokens.andrewbrown,
        body: { message: 'hi', handle: 'bayko' },
        headers: { 'idempotency-key': ' ' },
      }),
    ]);
    expect(cases.map((c) => [c.status, c.body.error])).toEqual([
      [422, 'validation_failed'],
      [422, 'validation_failed'],
      [422, 'validation_failed'],
      [422, 'validation_failed'],
      [422, 'cursor_invalid'],
      [400, 'invalid_json'],
      [413, 'payload_too_large'],
      [422, 'validation_failed'],
      [404, 'handle_not_found'],
      [422, 'validation_failed'],
    ]);
    expect(await countMessages()).toBe(2);
  });

  it('answers GET /api/users/@handle/short without a token (the week-5 frontend sends none), and with one', async () => {
    const anonymous = await stack.request('/api/users/@bayko/short');
    const signedIn = await stack.request('/api/users/@bayko/short', { token: tokens.londo });
    const unknown = await stack.request('/api/users/@ghost/short');

    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ uuid: expect.any(String), handle: 'bayko', display_name: 'Andrew Bayko' });
    expect(signedIn.body).toEqual(anonymous.body);
    expect([unknown.status, unknown.body.error]).toEqual([404, 'handle_not_found']);
  });

  it('answers a deeply nested JSON body with 400 json_too_deep, not a crash', async () => {
    const nested = `{"message":"hi","message_group_uuid":"${conversation.uuid}","x":${'{"":'.repeat(3000)}1${'}'.repeat(3000)}}`;
    expect(nested.length).toBeLessThan(16 * 1024);
    const response = await stack.request('/api/messages', { token: tokens.andrewbrown, body: nested });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('json_too_deep');
    expect(await countMessages()).toBe(2);
  });

  it.each([
    ['a form-encoded body', 'application/x-www-form-urlencoded', () => `message=hi&message_group_uuid=${conversation.uuid}`],
    [
      'a 60 KB form-encoded body',
      'application/x-www-form-urlencoded',
      () => `message_group_uuid=${conversation.uuid}&message=${'x'.repeat(60_000)}`,
    ],
    ['a text body', 'text/plain', () => 'hi'],
    [
      'a multipart body',
      'multipart/form-data; boundary=b',
      () => `--b\r\ncontent-disposition: form-data; name="message"\r\n\r\nhi\r\n--b--`,
    ],
  ])('answers %s with 415, storing nothing', async (_, contentType, body) => {
    const response = await stack.request('/api/messages', {
      token: tokens.andrewbrown,
      body: body(),
      headers: { 'content-type': contentType },
    });
    expect(response.status).toBe(415);
    expect(response.body.error).toBe('unsupported_media_type');
    expect(await countMessages()).toBe(2);
  });

  describe('tokens', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const validClaims = () => ({ ...claimsOf(tokens.andrewbrown), iat: now(), exp: now() + 600 });

    it.each([
      ['no token', () => undefined],
      ['a malformed token', () => 'not.a.jwt'],
      ['a token without exp', () => forgeToken({ ...validClaims(), exp: undefined })],
      ['a token whose sub is not a UUID', () => forgeToken({ ...validClaims(), sub: 'not-a-uuid' })],
      ['a token signed with a key the JWKS does not list', () => forgeToken(validClaims(), { foreignKey: true, kid: 'rotated-away' })],
      ['a token signed with another key', () => forgeToken(validClaims(), { foreignKey: true })],
      ['a token of another pool', () => forgeToken({ ...validClaims(), iss: `${stack.cognito.emulator.endpoint}/local_Other` })],
      ['a token for another app client', () => forgeToken({ ...validClaims(), client_id: 'someotherclient' })],
      ['an ID token', () => forgeToken({ ...validClaims(), token_use: 'id' })],
      ['a token cut short', () => tokens.andrewbrown.slice(0, -10)],
    ])('refuses %s with 401', async (_, token) => {
      const response = await stack.request('/api/message_groups', { token: token() });
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('unauthorized');
    });

    it('refuses an expired token with 401 token_expired, so clients know to refresh', async () => {
      const response = await stack.request('/api/message_groups', {
        token: forgeToken({ ...validClaims(), iat: now() - 7200, exp: now() - 3600 }),
      });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'token_expired', message: expect.any(String) });
    });

    it('answers 503 auth_unavailable (not 401) while the JWKS cannot be fetched', async () => {
      const deadEndpoint = `http://127.0.0.1:${await findFreePort()}`;
      const cut = await stack.startApi({ COGNITO_ENDPOINT: deadEndpoint });
      const response = await cut.request('/api/message_groups', {
        token: forgeToken({ ...validClaims(), iss: `${deadEndpoint}/${stack.userPoolId}` }),
      });
      expect(response.status).toBe(503);
      expect(response.body.error).toBe('auth_unavailable');
      expect(response.headers.get('retry-after')).toBeTruthy();
    });

    it('accepts a forged-but-valid token (proof the cases above fail for their one reason)', async () => {
      const response = await stack.request('/api/message_groups', { token: forgeToken(validClaims()) });
      expect(response.status).toBe(200);
    });

    it('answers a valid token of a person without a Cruddur account with 403 and why', async () => {
      const response = await stack.request('/api/message_groups', { token: forgeToken({ ...validClaims(), sub: randomUUID() }) });
      expect(response.status).toBe(403);
      expect(response.body.error).toBe('user_not_registered');
    });

    it('asks the users service about an unregistered person once, not once per request', async () => {
      const resolve = jest.spyOn(stack.usersApp().get(UsersService), 'resolveCognitoSub');
      const token = forgeToken({ ...validClaims(), sub: randomUUID() });
      try {
        const responses = [];
        for (let i = 0; i < 10; i++) responses.push(await stack.request('/api/message_groups', { token }));
        expect(responses.map((r) => r.status)).toEqual(Array(10).fill(403));
        expect(resolve.mock.calls.length).toBeGreaterThanOrEqual(1);
        expect(resolve.mock.calls.length).toBeLessThanOrEqual(2);
      } finally {
        resolve.mockRestore();
      }
    });
  });
});
