import { Body, Controller, Delete, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { parseGroupUuid } from '../http/group-uuid.pipe';
import { ErrorResponse } from '../http/message.response';
import { parseMessageUuid } from '../http/message-uuid.pipe';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { EditMessageDto, EditedMessageResponse } from './edit-message.dto';
import { EditMessageService } from './edit-message.service';

@ApiBearerAuth()
@Controller('message_groups')
export class EditMessageController {
  constructor(private readonly service: EditMessageService) {}

  @Patch(':message_group_uuid/messages/:message_uuid')
  @RateLimit({ person: 'edits' })
  @ApiOperation({ summary: 'Edit your message: new text, `edited_at` set; both members get `message.updated`' })
  @ApiOkResponse({ type: EditedMessageResponse })
  @ApiResponse({ status: 403, type: ErrorResponse, description: '`blocked`: the other member blocks you' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: '`message_not_found`: no such message of yours here' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: '`message_deleted`: you deleted it' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'invalid uuid or text' })
  edit(
    @CurrentCaller() caller: Caller,
    @Param('message_group_uuid', parseGroupUuid()) messageGroupUuid: string,
    @Param('message_uuid', parseMessageUuid()) messageUuid: string,
    @Body() body: EditMessageDto,
  ): Promise<EditedMessageResponse> {
    return this.service.edit(caller, messageGroupUuid, messageUuid, body.message);
  }

  @Delete(':message_group_uuid/messages/:message_uuid')
  @HttpCode(204)
  @RateLimit({ person: 'deletes' })
  @ApiOperation({
    summary: 'Delete your message: a tombstone stays (`deleted: true`, no text); both members get `message.deleted`; unread counts drop',
  })
  @ApiNoContentResponse({ description: 'deleted (or already deleted)' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: '`message_not_found`: no such message of yours here' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'invalid uuid' })
  delete(
    @CurrentCaller() caller: Caller,
    @Param('message_group_uuid', parseGroupUuid()) messageGroupUuid: string,
    @Param('message_uuid', parseMessageUuid()) messageUuid: string,
  ): Promise<void> {
    return this.service.delete(caller, messageGroupUuid, messageUuid);
  }
}
