import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { MAX_MESSAGE_CHARS } from '@app/ddb';
import { HANDLE_PATTERN } from '@app/users-client';
import { type BodyRules, hasAtMostCodePoints, isNotBlank, isPresent, isString, isUuid } from '../http/body-rules';

/**
 * POST /api/messages: `{message, message_group_uuid}` for an existing conversation, or
 * `{message, handle}` to start one (or continue the one the pair already has).
 */
export class SendMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_CHARS, description: 'trimmed; 1–1024 characters' })
  message!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'an existing conversation' })
  message_group_uuid?: string;

  @ApiPropertyOptional({ example: 'bayko', description: 'the other person, to start (or continue) a conversation by handle' })
  handle?: string;

  /** Checked by the body pipe (validation.pipe.ts): each field reports its first broken rule. */
  static readonly rules: BodyRules<SendMessageDto> = {
    message: {
      rules: [
        { holds: isPresent, code: 'message_blank', message: 'message is required' },
        { holds: isString, code: 'message_not_string', message: 'message must be a string' },
        { holds: isNotBlank, code: 'message_blank', message: 'message must not be blank' },
        {
          holds: hasAtMostCodePoints(MAX_MESSAGE_CHARS),
          code: `message_exceed_max_chars_${MAX_MESSAGE_CHARS}`,
          message: `message must be at most ${MAX_MESSAGE_CHARS} characters`,
        },
      ],
    },
    message_group_uuid: {
      // Needed unless a handle names the other person.
      when: (body) => body.handle === undefined || body.message_group_uuid !== undefined,
      rules: [
        {
          holds: isPresent,
          code: 'message_group_uuid_blank',
          message: 'give message_group_uuid (existing conversation) or handle (new one)',
        },
        { holds: isNotBlank, code: 'message_group_uuid_blank', message: 'message_group_uuid must not be blank' },
        { holds: isUuid, code: 'message_group_uuid_invalid', message: 'message_group_uuid must be a UUID' },
      ],
    },
    handle: {
      when: (body) => body.handle !== undefined,
      rules: [
        { holds: isString, code: 'handle_invalid', message: 'handle must be a string' },
        {
          holds: (handle) => HANDLE_PATTERN.test(handle as string),
          code: 'handle_invalid',
          message: 'handle must be 1–32 letters, digits or _',
        },
        {
          holds: (_, body) => body.message_group_uuid === undefined,
          code: 'handle_and_message_group_uuid',
          message: 'give either handle or message_group_uuid, not both',
        },
      ],
    },
  };
}
