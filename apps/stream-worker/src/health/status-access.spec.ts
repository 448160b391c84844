import { mayReadDetails } from './status-access';

describe('mayReadDetails', () => {
  const token = 'a-status-token-of-some-length';

  it('lets in only the configured bearer token', () => {
    expect(mayReadDetails(`Bearer ${token}`, token)).toBe(true);
    expect(mayReadDetails(`Bearer ${token}x`, token)).toBe(false);
    expect(mayReadDetails(token, token)).toBe(false);
    expect(mayReadDetails(undefined, token)).toBe(false);
  });

  it('lets nobody in when no token is configured', () => {
    expect(mayReadDetails('Bearer ', null)).toBe(false);
    expect(mayReadDetails('Bearer anything', null)).toBe(false);
  });
});
