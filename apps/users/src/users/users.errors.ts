import { UsersErrorCode } from '@app/users-client';
import { CodedError } from '@app/common';

/** A users-service failure with a stable code that the RPC edge passes on to the caller. */
export class UsersDomainError extends CodedError {
  constructor(
    readonly code: UsersErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No user answers the look-up (callers of the users service receive it as @app/users-client's UserNotFoundError). */
export class NoSuchUserError extends UsersDomainError {
  constructor(what: string) {
    super(UsersErrorCode.notFound, `no user with ${what}`);
  }
}

/** A handle, email or Cognito id that already belongs to another user. */
export class DuplicateUserError extends UsersDomainError {
  constructor(
    readonly field: 'handle' | 'email' | 'cognito_user_id',
    value: string,
    options?: { cause?: unknown },
  ) {
    super(UsersErrorCode.conflict, `${field} "${value}" is already taken`, options);
  }
}

/** A handle someone else has, or holds for 30 days after leaving it (docs/design.md §12). */
export class HandleTakenError extends UsersDomainError {
  constructor(handle: string, options?: { cause?: unknown }) {
    super(UsersErrorCode.handleTaken, `the handle @${handle} is taken`, options);
  }
}
