import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { parseGroupUuid } from '../http/group-uuid.pipe';
import { ErrorResponse, MessageEntryResponse } from '../http/message.response';
import { PageQuery, parsePageQuery } from '../http/page-query';
import { type HeaderSink, setNextPage } from '../http/pagination';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { ListMessagesService } from './list-messages.service';

@ApiBearerAuth()
@Controller('messages')
export class ListMessagesController {
  constructor(private readonly service: ListMessagesService) {}

  @Get(':message_group_uuid')
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'A page of one conversation, oldest→newest; older pages via Link / X-Next-Cursor' })
  @ApiOkResponse({ type: [MessageEntryResponse] })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'no such conversation, or not a member' })
  @ApiResponse({ status: 422, type: ErrorResponse })
  async list(
    @CurrentCaller() caller: Caller,
    @Param('message_group_uuid', parseGroupUuid()) messageGroupUuid: string,
    @Query(parsePageQuery) query: PageQuery,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<MessageEntryResponse[]> {
    const page = await this.service.list(caller, messageGroupUuid, query);
    setNextPage(response, `/api/messages/${messageGroupUuid}`, query.limit, page.nextCursor);
    return page.items;
  }
}
