import { HttpException } from '@nestjs/common';

/** One broken input rule: a stable code the frontend can branch on, and words for people. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** Every error body of this API: `{error, message, errors?}` with `error` a stable code. */
export interface ErrorBody {
  error: string;
  message: string;
  errors?: FieldError[];
}

/** An HTTP error with a stable code, thrown by the transport edge (guards, pipes, filters). */
export class ApiError extends HttpException {
  constructor(status: number, code: string, message: string, errors?: FieldError[]) {
    const body: ErrorBody = errors ? { error: code, message, errors } : { error: code, message };
    super(body, status);
  }
}

/** 422 listing every failed rule. */
export function validationFailed(errors: FieldError[]): ApiError {
  return new ApiError(422, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}
