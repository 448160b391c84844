import { Controller, Get, Param, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { HANDLE_PATTERN } from '@app/users-client';
import { TokenOptional } from '../auth/public.decorator';
import { validationFailed } from '../http/api-error';
import { ErrorResponse, UserShortResponse } from '../http/message.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { UserShortService } from './user-short.service';

/** A handle is 1–32 letters, digits or _ (422 otherwise, before any lookup). */
function parseHandle(): PipeTransform<string, string> {
  return {
    transform(handle) {
      // The route's own @ (`/users/@:handle/short`) is not part of the parameter: put it back, so `@@x` stays invalid.
      if (!HANDLE_PATTERN.test(`@${handle}`)) {
        throw validationFailed([{ field: 'handle', code: 'handle_invalid', message: 'handle must be 1–32 letters, digits or _' }]);
      }
      return handle;
    },
  };
}

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
