/** A person the users service does not know (a 404 at an HTTP edge, never a 503). */
export class UserNotFoundError extends Error {
  readonly code = 'user_not_found';
}

/** The users service did not answer in time, or could not be reached (a 503 at an HTTP edge). */
export class UsersUnavailableError extends Error {
  readonly code = 'users_unavailable';
}

/** The users service refused the request itself (a bug in the caller, or input that slipped through). */
export class UsersRequestError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
