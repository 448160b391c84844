import { IncomingRequestDeserializer } from '@nestjs/microservices';
import { AuthenticatingDeserializer, UNAUTHENTICATED } from './transport-auth';

describe('AuthenticatingDeserializer', () => {
  const secret = 'a'.repeat(64);
  const deserializer = new AuthenticatingDeserializer(secret, new IncomingRequestDeserializer());
  const request = { id: '1', pattern: 'users.find_by_handle', data: { handle: 'bayko' } };

  it('passes a request with the secret on, without the secret', async () => {
    await expect(deserializer.deserialize({ ...request, auth: secret })).resolves.toEqual(request);
  });

  it.each([
    ['no secret', {}],
    ['a wrong secret of the same length', { auth: 'b'.repeat(64) }],
    ['the secret with a character more', { auth: `${secret}a` }],
    ['a prefix of the secret', { auth: secret.slice(0, 32) }],
    ['a secret that is not a string', { auth: { toString: () => secret } }],
    ['an empty secret', { auth: '' }],
  ])('keeps id and pattern but replaces the data of a request with %s', async (_, auth) => {
    await expect(deserializer.deserialize({ ...request, ...auth })).resolves.toEqual({ ...request, data: UNAUTHENTICATED });
  });

  it('treats a message that is not a Nest packet as unauthenticated too', async () => {
    await expect(deserializer.deserialize('just a string', { channel: 'users.health' })).resolves.toEqual({
      pattern: 'users.health',
      data: UNAUTHENTICATED,
    });
  });
});
