import { Injectable } from '@nestjs/common';
import { UserNotFoundError, UsersClient } from '@app/users-client';
import type { UserShortResponse } from '../http/message.response';
import { DomainError } from '../messaging.errors';

/** A person by handle, for the new-conversation screen. */
@Injectable()
export class UserShortService {
  constructor(private readonly users: UsersClient) {}

  /** Throws DomainError `handle_not_found` when nobody has the handle. */
  async findByHandle(handle: string): Promise<UserShortResponse> {
    try {
      const person = await this.users.findByHandle(handle);
      return { uuid: person.uuid, handle: person.handle, display_name: person.display_name };
    } catch (error) {
      if (error instanceof UserNotFoundError) throw new DomainError('handle_not_found', `nobody has the handle @${handle}`);
      throw error;
    }
  }
}
