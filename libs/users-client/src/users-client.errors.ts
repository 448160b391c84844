import { CodedError } from '@app/common';
/** A person the users service does not know (a 404 at an HTTP edge, never a 503). */
export class UserNotFoundError extends CodedError {
  readonly code = 'user_not_found';
}

/** The users service did not answer in time, or could not be reached (a 503 at an HTTP edge). */
export class UsersUnavailableError extends CodedError {
  readonly code = 'users_unavailable';
}

/** The users service refused the request itself (a bug in the caller, or input that slipped through). */
export class UsersRequestError extends CodedError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A handle someone else has, or holds for 30 days after leaving it (a 409 at an HTTP edge). */
export class HandleTakenError extends CodedError {
  readonly code = 'handle_taken';
}
