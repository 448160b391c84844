import { SendMessageDto } from '../send-message/send-message.dto';
import { MarkReadDto } from '../mark-read/mark-read.dto';
import { type BodyRules, checkBody } from './body-rules';

const GROUP = '5ae290ed-55d1-47a0-bc6d-fe2bc2700399';
const codesBy =
  <Body>(rules: BodyRules<Body>) =>
  (raw: unknown) =>
    checkBody(raw, rules).errors?.map((error) => error.code);
const codes = codesBy(SendMessageDto.rules);
const markReadCodes = codesBy(MarkReadDto.rules);

describe('checkBody', () => {
  it('keeps only the fields the rules name, trimmed', () => {
    const checked = checkBody(
      { message: '  hi  ', message_group_uuid: ` ${GROUP}\n`, admin: true, __proto__: { x: 1 } },
      SendMessageDto.rules,
    );
    expect(checked).toEqual({ body: { message: 'hi', message_group_uuid: GROUP } });
    expect(Object.keys(checked.body!)).toEqual(['message', 'message_group_uuid']);
  });

  it('reports the first broken rule of each field, in the order of the rules', () => {
    expect(codes({ message_group_uuid: GROUP })).toEqual(['message_blank']);
    expect(codes({ message: 42, message_group_uuid: GROUP })).toEqual(['message_not_string']);
    expect(codes({ message: '   ', message_group_uuid: GROUP })).toEqual(['message_blank']);
    expect(codes({ message: '😀'.repeat(1024), message_group_uuid: GROUP })).toBeUndefined();
    expect(codes({ message: '😀'.repeat(1025), message_group_uuid: GROUP })).toEqual(['message_exceed_max_chars_1024']);
    expect(codes({ message: '', message_group_uuid: 'abc' })).toEqual(['message_blank', 'message_group_uuid_invalid']);
  });

  it('checks a field only when its condition holds', () => {
    expect(codes({ message: 'hi' })).toEqual(['message_group_uuid_blank']);
    expect(codes({ message: 'hi', handle: '@bayko' })).toBeUndefined();
    expect(codes({ message: 'hi', handle: 'no spaces!' })).toEqual(['handle_invalid']);
    expect(codes({ message: 'hi', handle: 7 })).toEqual(['handle_invalid']);
    expect(codes({ message: 'hi', handle: 'bayko', message_group_uuid: GROUP })).toEqual(['handle_and_message_group_uuid']);
    expect(markReadCodes({})).toBeUndefined();
    expect(markReadCodes({ message_uuid: null })).toBeUndefined();
    expect(markReadCodes({ message_uuid: 'nope' })).toEqual(['message_uuid_invalid']);
  });

  it('treats a body that is not an object as one without fields', () => {
    for (const raw of [null, 'hi', 42, [{ message: 'hi', message_group_uuid: GROUP }]]) {
      expect(codes(raw)).toEqual(['message_blank', 'message_group_uuid_blank']);
    }
  });

  it('accepts the UUIDs the path parameters accept, and only those', () => {
    expect(markReadCodes({ message_uuid: GROUP.toUpperCase() })).toBeUndefined();
    expect(markReadCodes({ message_uuid: '00000000-0000-0000-0000-000000000000' })).toBeUndefined();
    expect(markReadCodes({ message_uuid: '5ae290ed-55d1-07a0-bc6d-fe2bc2700399' })).toEqual(['message_uuid_invalid']);
  });
});
