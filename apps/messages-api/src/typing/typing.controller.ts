import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { parseGroupUuid } from '../http/group-uuid.pipe';
import { ErrorResponse } from '../http/message.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { TypingService } from './typing.service';

@ApiBearerAuth()
@Controller('message_groups')
export class TypingController {
  constructor(private readonly service: TypingService) {}

  @Post(':message_group_uuid/typing')
  @HttpCode(204)
  @RateLimit({ person: 'typing' })
  @ApiOperation({
    summary: 'Say you are typing: the other member’s devices get a `typing` event (at most one per 3 s; no resume position)',
  })
  @ApiNoContentResponse({ description: 'announced, or already announced within the last 3 s' })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'no such conversation, or not a member' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'invalid conversation uuid' })
  typing(@CurrentCaller() caller: Caller, @Param('message_group_uuid', parseGroupUuid()) messageGroupUuid: string): Promise<void> {
    return this.service.typing(caller, messageGroupUuid);
  }
}
