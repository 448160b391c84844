import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { parseGroupUuid } from '../http/group-uuid.pipe';
import { ErrorResponse } from '../http/message.response';
import { ReadMarkerResponse } from '../http/read-state.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { MarkReadDto } from './mark-read.dto';
import { MarkReadService } from './mark-read.service';

@ApiBearerAuth()
@Controller('message_groups')
export class MarkReadController {
  constructor(private readonly service: MarkReadService) {}

  /**
   * Counted in the `reads` bucket: clients mark a conversation read as they display it (as often as
   * they read it), and marking must never eat into what a person may send.
   */
  @Post(':message_group_uuid/read')
  @HttpCode(200)
  @RateLimit({ person: 'reads' })
  @ApiOperation({
    summary: 'Mark a conversation read: up to the newest message ({}), or up to one message ({message_uuid}); markers only move forward',
  })
  @ApiOkResponse({ type: ReadMarkerResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'no such conversation, or not a member' })
  @ApiResponse({
    status: 422,
    type: ErrorResponse,
    description: '`message_uuid_unknown`: not a message of this conversation; or invalid input',
  })
  markRead(
    @CurrentCaller() caller: Caller,
    @Param('message_group_uuid', parseGroupUuid()) messageGroupUuid: string,
    @Body() body: MarkReadDto,
  ): Promise<ReadMarkerResponse> {
    return this.service.markRead(caller, messageGroupUuid, body?.message_uuid);
  }
}
