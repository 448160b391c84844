import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { ErrorResponse } from '../http/message.response';
import { PageQuery, parsePageQuery } from '../http/page-query';
import { ConversationItemResponse } from '../http/read-state.response';
import { type HeaderSink, setNextPage } from '../http/pagination';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { ListMessageGroupsService } from './list-message-groups.service';

@ApiBearerAuth()
@Controller('message_groups')
export class ListMessageGroupsController {
  constructor(private readonly service: ListMessageGroupsService) {}

  @Get()
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'My conversations, most recent first (next page in Link / X-Next-Cursor)' })
  @ApiOkResponse({ type: [ConversationItemResponse] })
  @ApiResponse({ status: 422, type: ErrorResponse })
  async list(
    @CurrentCaller() caller: Caller,
    @Query(parsePageQuery) query: PageQuery,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ConversationItemResponse[]> {
    const page = await this.service.list(caller, query);
    setNextPage(response, '/api/message_groups', query.limit, page.nextCursor);
    return page.items;
  }
}
