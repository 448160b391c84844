import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { MAX_MESSAGE_CHARS } from '@app/ddb';
import { type BodyRules, handleRules, isNotBlank, isPresent, isUuid, textRules } from '../http/body-rules';

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
      rules: [{ holds: isPresent, code: 'message_blank', message: 'message is required' }, ...textRules('message', MAX_MESSAGE_CHARS)],
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
        ...handleRules(),
        {
          holds: (_, body) => body.message_group_uuid === undefined,
          code: 'handle_and_message_group_uuid',
          message: 'give either handle or message_group_uuid, not both',
        },
      ],
    },
  };
}
