import { Body, Controller, HttpCode, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller.decorator';
import { ErrorResponse } from '../http/message.response';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { ProfileResponse, UpdateProfileDto } from './update-profile.dto';
import { UpdateProfileService } from './update-profile.service';

@ApiBearerAuth()
@Controller('profile')
export class UpdateProfileController {
  constructor(private readonly service: UpdateProfileService) {}

  @Patch()
  @HttpCode(200)
  @RateLimit({ person: 'profile' })
  @ApiOperation({
    summary:
      'Change your display name and/or handle: every conversation and message shows it within 5 s; the old handle is held for you 30 days',
  })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiResponse({ status: 409, type: ErrorResponse, description: '`handle_taken`: someone else has it, or holds it (left within 30 days)' })
  @ApiResponse({ status: 422, type: ErrorResponse, description: 'invalid input' })
  update(@CurrentCaller() caller: Caller, @Body() body: UpdateProfileDto): Promise<ProfileResponse> {
    return this.service.update(caller, body);
  }
}
