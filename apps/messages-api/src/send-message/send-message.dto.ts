import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsNotEmpty, IsString, IsUUID, Matches, ValidateIf } from 'class-validator';
import { MAX_MESSAGE_CHARS } from '@app/ddb';
import { HANDLE_PATTERN } from '@app/users-client';
import { ExcludesProperty, MaxCodePoints, trimString } from '../http/validators';

const code = (value: string) => ({ context: { code: value } });

/**
 * POST /api/messages: `{message, message_group_uuid}` for an existing conversation, or
 * `{message, handle}` to start one (or continue the one the pair already has).
 * Decorators run bottom-up; with stopAtFirstError the lowest failing rule is the one reported.
 */
export class SendMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_CHARS, description: 'trimmed; 1–1024 characters' })
  @MaxCodePoints(MAX_MESSAGE_CHARS, { ...code(`message_exceed_max_chars_${MAX_MESSAGE_CHARS}`), message: `message must be at most ${MAX_MESSAGE_CHARS} characters` })
  @IsNotEmpty({ ...code('message_blank'), message: 'message must not be blank' })
  @IsString({ ...code('message_not_string'), message: 'message must be a string' })
  @IsDefined({ ...code('message_blank'), message: 'message is required' })
  @Transform(trimString)
  message!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'an existing conversation' })
  @ValidateIf((body: SendMessageDto) => body.handle === undefined || body.message_group_uuid !== undefined)
  @IsUUID('all', { ...code('message_group_uuid_invalid'), message: 'message_group_uuid must be a UUID' })
  @IsNotEmpty({ ...code('message_group_uuid_blank'), message: 'message_group_uuid must not be blank' })
  @IsDefined({ ...code('message_group_uuid_blank'), message: 'give message_group_uuid (existing conversation) or handle (new one)' })
  @Transform(trimString)
  message_group_uuid?: string;

  @ApiPropertyOptional({ example: 'bayko', description: 'the other person, to start (or continue) a conversation by handle' })
  @ValidateIf((body: SendMessageDto) => body.handle !== undefined)
  @ExcludesProperty('message_group_uuid', code('handle_and_message_group_uuid'))
  @Matches(HANDLE_PATTERN, { ...code('handle_invalid'), message: 'handle must be 1–32 letters, digits or _' })
  @IsString({ ...code('handle_invalid'), message: 'handle must be a string' })
  @Transform(trimString)
  handle?: string;
}
