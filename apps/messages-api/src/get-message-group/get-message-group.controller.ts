import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { parseGroupUuid } from '../http/group-uuid.pipe';
import { ErrorResponse } from '../http/message.response';
import { ConversationResponse } from '../http/read-state.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { GetMessageGroupService } from './get-message-group.service';

@ApiBearerAuth()
@Controller('message_groups')
export class GetMessageGroupController {
  constructor(private readonly service: GetMessageGroupService) {}

  @Get(':message_group_uuid')
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'One conversation: its list item (with unread_count) and how far the other person has read' })
  @ApiOkResponse({ type: ConversationResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'no such conversation, or not a member' })
  @ApiResponse({ status: 422, type: ErrorResponse })
  get(
    @CurrentCaller() caller: Caller,
    @Param('message_group_uuid', parseGroupUuid()) messageGroupUuid: string,
  ): Promise<ConversationResponse> {
    return this.service.get(caller, messageGroupUuid);
  }
}
