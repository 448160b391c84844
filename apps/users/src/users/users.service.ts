import { Injectable } from '@nestjs/common';
import type { UserProfile } from '@app/users-client';
import { toUserProfile } from './user';
import { NoSuchUserError } from './users.errors';
import { UsersRepository } from './users.repository';

/** Who is this? — from a Cognito identity or a handle. */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async resolveCognitoSub(cognitoUserId: string): Promise<UserProfile> {
    const user = await this.users.findByCognitoUserId(cognitoUserId);
    if (!user) throw new NoSuchUserError(`cognito_user_id ${cognitoUserId}`);
    return toUserProfile(user);
  }

  async findByHandle(handle: string): Promise<UserProfile> {
    const user = await this.users.findByHandle(handle);
    if (!user) throw new NoSuchUserError(`handle @${handle}`);
    return toUserProfile(user);
  }
}
