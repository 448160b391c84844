import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DdbError, DdbUnavailableError, TableNotFoundError } from '@app/ddb';
import { HandleTakenError, UsersRequestError, UsersUnavailableError } from '@app/users-client';
import { ApiError, type ErrorBody } from './api-error';
import { ForbiddenJsonKeyError } from './json-body-parser';
import { DomainError, type DomainErrorCode } from '../messaging.errors';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  handle_not_found: 404,
  message_to_self: 422,
  block_self: 422,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
};

/** libs/ddb errors caused by the request itself, by their stable code. */
const DDB_CLIENT_ERRORS: Record<string, [number, string?]> = {
  message_group_not_found: [404, 'no such conversation'],
  message_not_found: [404, 'no such message of yours in this conversation'],
  message_deleted: [409, 'this message was deleted'],
  blocked: [403, 'this person does not accept your messages'],
  cursor_invalid: [422],
  message_uuid_unknown: [422],
  invalid_argument: [422],
};

/** Seconds a client should wait before retrying a 503 (a dependency blip or contention). */
export const RETRY_AFTER_SECONDS = 1;

interface HttpResponse {
  status(code: number): HttpResponse;
  header(name: string, value: string): unknown;
  send(body: unknown): unknown;
}

/**
 * The one place errors become HTTP: every body is `{error, message}`; domain and library errors
 * map to their status; an unavailable dependency or a retryable DynamoDB error (after the
 * library's own safe retries) is a 503 with Retry-After, never a bare 500; a 401 says
 * `WWW-Authenticate: Bearer`.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const [status, body] = toHttp(exception);
    if (status === 503) response.header('Retry-After', String(RETRY_AFTER_SECONDS));
    if (status === 401) response.header('WWW-Authenticate', bearerChallenge(body.error));
    // Deliberate answers (HttpException) are logged by the access log; outages warn; surprises are errors.
    if (status === 500) this.logger.error({ err: exception }, body.message);
    else if (status >= 500 && !(exception instanceof HttpException))
      this.logger.warn(`${status} ${body.error}: ${(exception as Error).message}`);
    response.status(status).send(body);
  }
}

/**
 * A 401 must carry a challenge (RFC 9110 §15.5.2). An expired token is `invalid_token` in RFC 6750
 * terms (§3.1), which OAuth clients take as "refresh"; anything else is a plain Bearer challenge.
 */
function bearerChallenge(code: string): string {
  return code === 'token_expired' ? 'Bearer error="invalid_token", error_description="the access token has expired"' : 'Bearer';
}

/** The status and body for any error (exported for its unit spec). */
export function toHttp(exception: unknown): [number, ErrorBody] {
  if (exception instanceof HttpException) return [exception.getStatus(), normalize(exception)];
  if (exception instanceof DomainError) return [DOMAIN_STATUS[exception.code], { error: exception.code, message: exception.message }];
  if (exception instanceof DdbError) return fromDdbError(exception);
  if (exception instanceof UsersUnavailableError) {
    return [503, { error: 'users_unavailable', message: 'the users service is unavailable; try again shortly' }];
  }
  if (exception instanceof UsersRequestError) return [422, { error: exception.code, message: exception.message }];
  if (exception instanceof HandleTakenError) return [409, { error: exception.code, message: exception.message }];
  if (exception instanceof ForbiddenJsonKeyError) return [400, forbiddenKey(exception.path)];
  return fromBodyParser(exception) ?? [500, { error: 'internal_error', message: 'something went wrong on our side' }];
}

/** One rule for DynamoDB: the request's fault is a 4xx, anything worth retrying a 503, the rest a 500. */
function fromDdbError(error: DdbError): [number, ErrorBody] {
  const clientError = DDB_CLIENT_ERRORS[error.code];
  if (clientError) return [clientError[0], { error: error.code, message: clientError[1] ?? error.message }];
  if (error instanceof DdbUnavailableError || error instanceof TableNotFoundError) {
    return [503, { error: 'storage_unavailable', message: 'message storage is unavailable; try again shortly' }];
  }
  if (error.retryable) return [503, { error: 'busy', message: 'too much contention right now; try again shortly' }];
  return [500, { error: 'internal_error', message: 'something went wrong on our side' }];
}

/**
 * Errors of body parsing, before any route: Express's body-parser (`status`, `type`) and
 * Fastify's content-type parsers (`statusCode`, `code`), raw or as the HttpException the Fastify
 * adapter wraps them in (then the original is the `cause`). The codes a refused body gets:
 * - 413 `payload_too_large`: over MESSAGES_API_MAX_BODY_BYTES (answered before the body is read);
 * - 415 `unsupported_media_type`: not application/json;
 * - 400 `invalid_json`: not JSON at all;
 * - 400 `body_forbidden_key`: valid JSON with a key that could poison prototypes (`__proto__`, or
 *   `constructor` holding `prototype`), named in `errors[0].field` (see forbiddenKey);
 * - 400 `json_too_deep`: nested deeper than any body of this API (from the validation pipe).
 */
function fromBodyParser(exception: unknown): [number, ErrorBody] | undefined {
  const error = (exception ?? {}) as { status?: number; statusCode?: number; type?: string; code?: string };
  const status = error.status ?? error.statusCode;
  if (status === 413) return [413, { error: 'payload_too_large', message: 'request body is too large' }];
  if (status === 415) return [415, { error: 'unsupported_media_type', message: 'send the body as application/json' }];
  if (status === 400 && (error.type === 'entity.parse.failed' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')) {
    return [400, { error: 'invalid_json', message: 'request body is not valid JSON' }];
  }
  if (status && status >= 400 && status < 500) return [status, { error: 'bad_request', message: 'bad request' }];
  return undefined;
}

/** 400 `body_forbidden_key`: the key and where it is, as a field error, so a client can tell what to drop. */
function forbiddenKey(path: string): ErrorBody {
  const message = `request body may not contain the key ${path} (it could change what objects inherit)`;
  return {
    error: 'body_forbidden_key',
    message,
    errors: [{ field: path, code: 'body_forbidden_key', message: 'this key is not allowed in a body' }],
  };
}

/** Nest's own HttpExceptions (unknown route, body parser) get this API's body shape too. */
function normalize(exception: HttpException): ErrorBody {
  if (exception instanceof ApiError) return exception.getResponse() as ErrorBody;
  const status = exception.getStatus();
  const cause = exception.cause as { statusCode?: number; code?: string } | undefined;
  if (cause?.statusCode === status) {
    const parsed = fromBodyParser(cause);
    if (parsed) return parsed[1];
  }
  if (status === 413 || status === 415) return fromBodyParser({ status })![1];
  if (status === 400 && /JSON/.test(exception.message)) return { error: 'invalid_json', message: 'request body is not valid JSON' };
  const code = { 400: 'bad_request', 404: 'not_found', 405: 'method_not_allowed' }[status] ?? 'error';
  return { error: code, message: exception.message };
}
