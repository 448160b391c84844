import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';
import { trimString } from '../http/validators';

/** POST /api/message_groups/:message_group_uuid/read: `{}` = up to the newest message, or `{message_uuid}`. */
export class MarkReadDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'read up to this message of the conversation; absent = up to the newest' })
  @IsOptional()
  @IsUUID('all', { context: { code: 'message_uuid_invalid' }, message: 'message_uuid must be a UUID' })
  @Transform(trimString)
  message_uuid?: string;
}
