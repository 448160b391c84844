import { ApiProperty } from '@nestjs/swagger';
import { MAX_MESSAGE_CHARS } from '@app/ddb';
import type { BodyRules } from '../http/body-rules';
import { SentMessageResponse } from '../http/message.response';
import { SendMessageDto } from '../send-message/send-message.dto';

/** PATCH /api/message_groups/:g/messages/:m: the new text, by the rules of a send. */
export class EditMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_CHARS, description: 'trimmed; 1–1024 characters' })
  message!: string;

  static readonly rules: BodyRules<EditMessageDto> = { message: SendMessageDto.rules.message };
}

/** The message as edited: the send's response shape, with when it was edited and its revision. */
export class EditedMessageResponse extends SentMessageResponse {
  @ApiProperty({ example: '2026-11-21T23:07:02.311Z' })
  declare edited_at: string;

  @ApiProperty({ minimum: 1, description: 'how many times the message changed; live events carry it too' })
  revision!: number;
}
