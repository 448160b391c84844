import { ApiProperty } from '@nestjs/swagger';
import { MessageEntryResponse } from './message.response';

/** One item of GET /api/message_groups: the frontend's entry plus the caller's unread count (docs/design.md §9). */
export class ConversationItemResponse extends MessageEntryResponse {
  @ApiProperty({ minimum: 0, description: 'the other person’s messages newer than my read marker' })
  unread_count!: number;
}

/** GET /api/message_groups/:message_group_uuid. */
export class ConversationResponse extends ConversationItemResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-21T23:06:45.124Z',
    description: 'created_at of the newest message the other person has read',
  })
  other_read_up_to!: string | null;
}

/** POST /api/message_groups/:message_group_uuid/read. */
export class ReadMarkerResponse {
  @ApiProperty({ format: 'uuid' })
  message_group_uuid!: string;

  @ApiProperty({ minimum: 0 })
  unread_count!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-21T23:06:45.124Z',
    description: 'created_at of the newest message I have read',
  })
  read_up_to!: string | null;
}

/** GET /api/unread. */
export class UnreadResponse {
  @ApiProperty({ minimum: 0, description: 'unread messages over all my conversations' })
  unread_count!: number;

  @ApiProperty({ minimum: 0, description: 'conversations with at least one unread message' })
  unread_conversations!: number;
}
