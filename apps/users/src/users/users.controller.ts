import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type UserProfile, UsersPattern } from '@app/users-client';
import { UpdateProfileService } from '../update-profile/update-profile.service';
import { FindByHandleDto, ResolveCognitoSubDto, UpdateProfileDto } from './users.dto';
import { UsersService } from './users.service';

@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly profiles: UpdateProfileService,
  ) {}

  @MessagePattern(UsersPattern.resolveCognitoSub)
  resolveCognitoSub(@Payload() payload: ResolveCognitoSubDto): Promise<UserProfile> {
    return this.users.resolveCognitoSub(payload.cognito_user_id);
  }

  @MessagePattern(UsersPattern.findByHandle)
  findByHandle(@Payload() payload: FindByHandleDto): Promise<UserProfile> {
    return this.users.findByHandle(payload.handle);
  }

  @MessagePattern(UsersPattern.updateProfile)
  updateProfile(@Payload() payload: UpdateProfileDto): Promise<UserProfile> {
    return this.profiles.update(payload.user_uuid, { displayName: payload.display_name, handle: payload.handle });
  }
}
