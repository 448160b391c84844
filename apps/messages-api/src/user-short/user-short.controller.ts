import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { TokenOptional } from '../auth/public.decorator';
import { parseHandle } from '../http/handle.pipe';
import { ErrorResponse, UserShortResponse } from '../http/message.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { UserShortService } from './user-short.service';

/** Public, as in the original backend: the week-5 frontend calls it without a token. */
@ApiBearerAuth()
@Controller('users')
export class UserShortController {
  constructor(private readonly service: UserShortService) {}

  @Get('@:handle/short')
  @TokenOptional()
  @RateLimit({ person: 'reads', anonymous: 'anonymous' })
  @ApiOperation({ summary: 'A person by handle, for the new-conversation screen (no token needed)' })
  @ApiOkResponse({ type: UserShortResponse })
  @ApiResponse({ status: 404, type: ErrorResponse, description: 'nobody has this handle' })
  @ApiResponse({ status: 422, type: ErrorResponse })
  short(@Param('handle', parseHandle()) handle: string): Promise<UserShortResponse> {
    return this.service.findByHandle(handle);
  }
}
