import { CodedError } from '@app/common';
/** A refusal of messages-api's own rules, with a stable code; the HTTP edge picks the status. */
export class DomainError extends CodedError {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type DomainErrorCode =
  /** POST with a handle nobody has. */
  | 'handle_not_found'
  /** POST with one's own handle. */
  | 'message_to_self'
  /** POST /api/blocks with one's own handle. */
  | 'block_self'
  /** The same Idempotency-Key with a different request. */
  | 'idempotency_key_reused'
  /** An Idempotency-Key whose first request is still being answered. */
  | 'idempotency_key_in_use';
