import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { UnreadResponse } from '../http/read-state.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { UnreadService } from './unread.service';

@ApiBearerAuth()
@Controller('unread')
export class UnreadController {
  constructor(private readonly service: UnreadService) {}

  @Get()
  @RateLimit({ person: 'reads' })
  @ApiOperation({ summary: 'My unread messages over all my conversations, and how many conversations have some' })
  @ApiOkResponse({ type: UnreadResponse })
  totals(@CurrentCaller() caller: Caller): Promise<UnreadResponse> {
    return this.service.totals(caller);
  }
}
