/**
 * The one base of every error this code base names, in libraries and apps alike: a stable `code` that
 * callers branch on and only a transport edge maps to a status (HTTP, RPC, a dead letter's reason),
 * and whether the same call may succeed if tried again later.
 */
export abstract class CodedError extends Error {
  abstract readonly code: string;
  /** True when the same call may succeed if tried again later. */
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
