import { decodeCursor, encodeCursor } from './cursor';
import { InvalidCursorError } from './errors';
import { messageKeys } from './entities/message.entity';

describe('cursors', () => {
  const key = { pk: 'MSG#g', sk: '2026-11-21T23:06:45.124Z#0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601' };

  it('round-trips a key of the listing it came from', () => {
    expect(decodeCursor(encodeCursor(key), 'MSG#g', messageKeys.sortPattern)).toEqual(key);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['not JSON', Buffer.from('{{{').toString('base64url')],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['a sort key of another shape', encodeCursor({ pk: 'MSG#g', sk: 'GROUP' })],
    ['too long', 'a'.repeat(600)],
  ])('rejects a cursor that is %s', (_, cursor) => {
    expect(() => decodeCursor(cursor, 'MSG#g', messageKeys.sortPattern)).toThrow(InvalidCursorError);
  });

  it('carries the code the HTTP contract documents, so no edge has to rename it', () => {
    expect(() => decodeCursor('', 'MSG#g', messageKeys.sortPattern)).toThrow(expect.objectContaining({ code: 'cursor_invalid' }));
  });

  it('rejects a cursor from another partition', () => {
    expect(() => decodeCursor(encodeCursor(key), 'MSG#other', messageKeys.sortPattern)).toThrow('cursor belongs to another listing');
  });
});
