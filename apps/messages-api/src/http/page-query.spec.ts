import { HttpException } from '@nestjs/common';
import { MAX_PAGE_LIMIT } from '@app/ddb';
import { parsePageQuery } from './page-query';

const codesOf = (query: Record<string, unknown>): string[] => {
  try {
    parsePageQuery.transform(query, { type: 'query' });
    return [];
  } catch (error) {
    return ((error as HttpException).getResponse() as { errors: Array<{ code: string }> }).errors.map((e) => e.code);
  }
};

describe('parsePageQuery', () => {
  it('keeps what is absent absent, and reads limit as a number', () => {
    expect(parsePageQuery.transform({}, { type: 'query' })).toEqual({});
    expect(parsePageQuery.transform({ limit: '20', cursor: 'ab_-9', other: 'x' }, { type: 'query' })).toEqual({
      limit: 20,
      cursor: 'ab_-9',
    });
    expect(parsePageQuery.transform({ limit: String(MAX_PAGE_LIMIT) }, { type: 'query' })).toEqual({ limit: MAX_PAGE_LIMIT });
  });

  it.each([['0'], ['-1'], ['1.5'], ['abc'], [''], [String(MAX_PAGE_LIMIT + 1)], [['1', '2']]])(
    'refuses limit=%j with limit_invalid',
    (limit) => {
      expect(codesOf({ limit })).toEqual(['limit_invalid']);
    },
  );

  it.each([[''], ['%%'], ['a'.repeat(513)], ['a b'], [['a', 'b']]])('refuses cursor=%j with cursor_invalid', (cursor) => {
    expect(codesOf({ cursor })).toEqual(['cursor_invalid']);
  });

  it('lists both bad fields at once, as a 422', () => {
    expect(codesOf({ limit: '0', cursor: '' })).toEqual(['limit_invalid', 'cursor_invalid']);
  });
});
