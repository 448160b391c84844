import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { UserNotFoundError, UsersClient } from '@app/users-client';
import { ApiError, validationFailed } from '../http/api-error';
import { ErrorResponse, UserShortResponse } from '../http/message.response';

const HANDLE = /^[A-Za-z0-9_]{1,32}$/;

@ApiBearerAuth()
@Controller('users')
export class UsersShortController {
  constructor(private readonly users: UsersClient) {}

  @Get('@:handle/short')
  @ApiOperation({ summary: 'A person by handle, for the new-conversation screen' })
  @ApiOkResponse({ type: UserShortResponse })
  @ApiResponse({ status: 404, type: ErrorResponse })
  async short(@Param('handle') handle: string): Promise<UserShortResponse> {
    if (!HANDLE.test(handle)) {
      throw validationFailed([{ field: 'handle', code: 'handle_invalid', message: 'handle must be 1–32 letters, digits or _' }]);
    }
    try {
      const person = await this.users.findByHandle(handle);
      return { uuid: person.uuid, handle: person.handle, display_name: person.display_name };
    } catch (error) {
      if (error instanceof UserNotFoundError) throw new ApiError(404, 'handle_not_found', `nobody has the handle @${handle}`);
      throw error;
    }
  }
}
