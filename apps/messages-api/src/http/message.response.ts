import { ApiProperty } from '@nestjs/swagger';

/** One entry of GET /api/message_groups and of GET /api/messages/:id (the frontend's shape). */
export class MessageEntryResponse {
  @ApiProperty({ format: 'uuid', description: 'group uuid (message_groups) or message uuid (messages)' })
  uuid!: string;

  @ApiProperty({ description: 'the other person (message_groups) or the sender (messages)' })
  display_name!: string;

  @ApiProperty()
  handle!: string;

  @ApiProperty({ description: 'the (last) message' })
  message!: string;

  @ApiProperty({ example: '2026-11-21T23:06:45.124Z' })
  created_at!: string;

  @ApiProperty({ required: false, example: '2026-11-21T23:07:02.311Z', description: 'when its sender last edited the (last) message' })
  edited_at?: string;

  @ApiProperty({ required: false, enum: [true], description: 'the (last) message was deleted by its sender: `message` is empty' })
  deleted?: true;
}

export class SentMessageResponse extends MessageEntryResponse {
  @ApiProperty({ format: 'uuid' })
  message_group_uuid!: string;
}

export class UserShortResponse {
  @ApiProperty({ format: 'uuid' })
  uuid!: string;

  @ApiProperty()
  handle!: string;

  @ApiProperty()
  display_name!: string;
}

export class ErrorResponse {
  @ApiProperty({ example: 'validation_failed' })
  error!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ required: false, example: [{ field: 'message', code: 'message_blank', message: 'message must not be blank' }] })
  errors?: Array<{ field: string; code: string; message: string }>;
}
