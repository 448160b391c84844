import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { validationFailed } from '../http/api-error';
import { ErrorResponse, MessageEntryResponse } from '../http/message.response';
import { PageQuery, parsePageQuery } from '../http/page-query';
import { type HeaderSink, setNextPage } from '../http/pagination';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { ListMessagesService } from './list-messages.service';

/** A non-UUID group id is bad input (422), not a missing group or a crash. */
function parseGroupUuid(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      validationFailed([
        { field: 'message_group_uuid', code: 'message_group_uuid_invalid', message: 'message_group_uuid must be a UUID' },
      ]),
  });
}

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
