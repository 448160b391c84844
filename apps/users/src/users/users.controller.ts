import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type UserProfile, UsersPattern } from '@app/users-client';
import { FindByHandleDto, ResolveCognitoSubDto } from './users.dto';
import { UsersService } from './users.service';

@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(UsersPattern.resolveCognitoSub)
  resolveCognitoSub(@Payload() payload: ResolveCognitoSubDto): Promise<UserProfile> {
    return this.users.resolveCognitoSub(payload.cognito_user_id);
  }

  @MessagePattern(UsersPattern.findByHandle)
  findByHandle(@Payload() payload: FindByHandleDto): Promise<UserProfile> {
    return this.users.findByHandle(payload.handle);
  }
}
