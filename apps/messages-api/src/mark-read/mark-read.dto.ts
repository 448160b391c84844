import { ApiPropertyOptional } from '@nestjs/swagger';
import { type BodyRules, isPresent, isUuid } from '../http/body-rules';

/** POST /api/message_groups/:message_group_uuid/read: `{}` = up to the newest message, or `{message_uuid}`. */
export class MarkReadDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'read up to this message of the conversation; absent = up to the newest' })
  message_uuid?: string;

  static readonly rules: BodyRules<MarkReadDto> = {
    message_uuid: {
      // Optional: absent (or null) means up to the newest.
      when: (body) => isPresent(body.message_uuid),
      rules: [{ holds: isUuid, code: 'message_uuid_invalid', message: 'message_uuid must be a UUID' }],
    },
  };
}
