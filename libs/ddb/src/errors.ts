import { CodedError } from '@app/common';
/**
 * Named errors of libs/ddb. AWS SDK errors are translated into these where they occur, so callers
 * branch on a stable `code` (and `retryable`) instead of on SDK exception names.
 */
export abstract class DdbError extends CodedError {}

/** A pagination cursor that this library did not produce for this listing. */
export class InvalidCursorError extends DdbError {
  readonly code = 'cursor_invalid';
}

/** An argument that breaks a rule of the data model (bad uuid, empty message, self-conversation…). */
export class InvalidArgumentError extends DdbError {
  readonly code = 'invalid_argument';
}

/** The group does not exist, or the caller is not one of its members: the two are not told apart. */
export class MessageGroupNotFoundError extends DdbError {
  readonly code = 'message_group_not_found';
}

/** A message uuid that is not one of the group's messages (as far as a read marker may point). */
export class UnknownMessageError extends DdbError {
  readonly code = 'message_uuid_unknown';
}

/** No such message in the group, or not the caller's own (only its sender may change it): the two are not told apart. */
export class MessageNotFoundError extends DdbError {
  readonly code = 'message_not_found';
}

/** An edit of a message its sender already deleted. */
export class MessageDeletedError extends DdbError {
  readonly code = 'message_deleted';
}

/** A put refused because an item with the same key already exists. */
export class DuplicateItemError extends DdbError {
  readonly code = 'duplicate_item';
}

/** The recipient blocks the sender: the message is refused (docs/design.md §12). */
export class BlockedError extends DdbError {
  readonly code = 'blocked';
}

/** The Idempotency-Key was already used by this person; its record holds the first response. */
export class IdempotencyKeyUsedError extends DdbError {
  readonly code = 'idempotency_key_used';
}

/** A conditional write whose condition did not hold. */
export class ConditionFailedError extends DdbError {
  readonly code = 'condition_failed';
}

/** A transaction cancelled by DynamoDB; `reasons` holds one cancellation code per item, in order. */
export class TransactionCanceledError extends DdbError {
  readonly code = 'transaction_canceled';
  override readonly retryable: boolean;

  constructor(
    message: string,
    readonly reasons: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryable = reasons.some((reason) => RETRYABLE_CANCELLATIONS.has(reason));
  }

  /** True when the item at `index` failed its condition. */
  failedConditionAt(index: number): boolean {
    return this.reasons[index] === 'ConditionalCheckFailed';
  }
}

/** Another writer kept winning the race for the same items; try again later. */
export class TransactionConflictError extends DdbError {
  readonly code = 'transaction_conflict';
  override readonly retryable = true;
}

/** DynamoDB is throttling this table or account (after the SDK's own retries). */
export class ThrottledError extends DdbError {
  readonly code = 'throttled';
  override readonly retryable = true;
}

/** DynamoDB did not answer: refused connection, timeout, DNS, reset. */
export class DdbUnavailableError extends DdbError {
  readonly code = 'ddb_unavailable';
  override readonly retryable = true;
}

/** The configured table does not exist (run `npm run ddb -- schema-load`). */
export class TableNotFoundError extends DdbError {
  readonly code = 'table_not_found';
}

/** The table is being created, updated or deleted, or already exists. */
export class ResourceInUseError extends DdbError {
  readonly code = 'resource_in_use';
}

/** An item in the table that does not have the shape its entity type promises. */
export class CorruptItemError extends DdbError {
  readonly code = 'corrupt_item';
}

const RETRYABLE_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  CancellationReasons?: Array<{ Code?: string }>;
  $metadata?: { httpStatusCode?: number };
}

/** Maps an error thrown by the AWS SDK to the library's named error; anything unknown is returned as is. */
export function translateAwsError(error: unknown): unknown {
  if (error instanceof DdbError || typeof error !== 'object' || error === null) return error;
  const aws = error as AwsLikeError;
  const name = aws.name ?? '';
  const message = aws.message ?? name;
  if (name === 'ConditionalCheckFailedException') return new ConditionFailedError(message, { cause: error });
  if (name === 'TransactionCanceledException') {
    const reasons = (aws.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
    return new TransactionCanceledError(`transaction cancelled: [${reasons.join(', ')}]`, reasons, { cause: error });
  }
  if (name === 'TransactionConflictException') return new TransactionConflictError(message, { cause: error });
  // Key and attribute rules of DynamoDB (sizes, empty keys, a start key of another index): the
  // operations check their input first, so what slips through was still caused by the input.
  if (name === 'ValidationException') return new InvalidArgumentError(`DynamoDB refused the request: ${message}`, { cause: error });
  if (THROTTLING.has(name)) return new ThrottledError(message, { cause: error });
  if (name === 'ResourceNotFoundException') return new TableNotFoundError(message, { cause: error });
  if (name === 'ResourceInUseException') return new ResourceInUseError(message, { cause: error });
  if (
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    name === 'AbortError' ||
    NETWORK_CODES.has(aws.code ?? '') ||
    NETWORK_CODES.has(name) ||
    (aws.$metadata?.httpStatusCode ?? 0) >= 500
  ) {
    return new DdbUnavailableError(`DynamoDB unavailable: ${message}`, { cause: error });
  }
  return error;
}

/** Runs one SDK call and rethrows its failure as a named library error. */
export async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateAwsError(error);
  }
}
