import { UsersErrorCode } from '@app/users-client';

/** A users-service failure with a stable code that the RPC edge passes on to the caller. */
export class UsersDomainError extends Error {
  constructor(
    readonly code: UsersErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UserNotFoundError extends UsersDomainError {
  constructor(what: string) {
    super(UsersErrorCode.notFound, `no user with ${what}`);
  }
}

/** A handle, email or Cognito id that already belongs to another user. */
export class DuplicateUserError extends UsersDomainError {
  constructor(readonly field: 'handle' | 'email' | 'cognito_user_id', value: string, options?: { cause?: unknown }) {
    super(UsersErrorCode.conflict, `${field} "${value}" is already taken`, options);
  }
}
