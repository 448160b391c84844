import { exceedsJsonDepth } from './json-depth';

describe('exceedsJsonDepth', () => {
  const nest = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

  it('accepts the flat bodies of this API and moderate nesting', () => {
    expect(exceedsJsonDepth({ message: 'hi', handle: 'bayko' })).toBe(false);
    expect(exceedsJsonDepth('text')).toBe(false);
    expect(exceedsJsonDepth(nest(31))).toBe(false);
  });

  it('refuses nesting past the bound, of objects or arrays, without overflowing the stack', () => {
    expect(exceedsJsonDepth(nest(33))).toBe(true);
    expect(exceedsJsonDepth(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toBe(true);
  });
});
