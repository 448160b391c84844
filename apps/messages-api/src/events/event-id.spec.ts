import { decodeEventId, encodeEventId } from './event-id';

describe('event ids', () => {
  const now = Date.parse('2026-11-21T23:06:45.124Z');

  it('round-trip a position, with and without a reconnect key', () => {
    expect(decodeEventId(encodeEventId({ positionMs: now }), now)).toEqual({ positionMs: now });
    const key = 'k'.repeat(22);
    expect(decodeEventId(encodeEventId({ positionMs: now - 1, reconnectKey: key }), now)).toEqual({
      positionMs: now - 1,
      reconnectKey: key,
    });
  });

  it('are short and opaque, and keep time order readable only to the server', () => {
    expect(encodeEventId({ positionMs: now })).toMatch(/^1\.[0-9a-z]+$/);
    expect(encodeEventId({ positionMs: now }).length).toBeLessThan(12);
  });

  it('clamp a position from the future (another instance’s clock) to now', () => {
    expect(decodeEventId(encodeEventId({ positionMs: now + 60_000 }), now)).toEqual({ positionMs: now });
  });

  it.each([
    ['empty', ''],
    ['another version', `2.${now.toString(36)}`],
    ['not base36', '1.zz!'],
    ['a number alone', String(now)],
    ['an ISO time', '2026-11-21T23:06:45.124Z'],
    ['before this service existed', `1.${(0).toString(36)}`],
    ['too long', `1.${'z'.repeat(12)}`],
    ['a short key', `1.${now.toString(36)}.abc`],
    ['trailing junk', `1.${now.toString(36)} `],
  ])('refuse %s', (_, id) => {
    expect(decodeEventId(id, now)).toBeNull();
  });
});
