import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import {
  DdbUnavailableError,
  InvalidArgumentError,
  InvalidCursorError,
  MessageGroupNotFoundError,
  TableNotFoundError,
  ThrottledError,
  TransactionConflictError,
} from '@app/ddb';
import { UsersRequestError, UsersUnavailableError } from '@app/users-client';
import { ApiError, type ErrorBody } from './api-error';
import { DomainError, type DomainErrorCode } from '../messaging.errors';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  handle_not_found: 404,
  message_to_self: 422,
  idempotency_key_reused: 422,
  idempotency_key_in_use: 409,
};

interface HttpResponse {
  status(code: number): HttpResponse;
  header(name: string, value: string): unknown;
  send(body: unknown): unknown;
}

/**
 * The one place errors become HTTP: every body is `{error, message}`; domain and library errors
 * map to their status; an unavailable dependency is a 503 with Retry-After, never a bare 500.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const [status, body] = this.toHttp(exception);
    if (status === 503) response.header('Retry-After', '1');
    // Deliberate answers (HttpException) are logged by the access log; outages warn; surprises are errors.
    if (status === 500) this.logger.error({ err: exception }, body.message);
    else if (status >= 500 && !(exception instanceof HttpException)) this.logger.warn(`${status} ${body.error}: ${(exception as Error).message}`);
    response.status(status).send(body);
  }

  private toHttp(exception: unknown): [number, ErrorBody] {
    if (exception instanceof HttpException) return [exception.getStatus(), this.normalize(exception)];
    if (exception instanceof DomainError) return [DOMAIN_STATUS[exception.code], { error: exception.code, message: exception.message }];
    if (exception instanceof MessageGroupNotFoundError) {
      return [404, { error: 'message_group_not_found', message: 'no such conversation' }];
    }
    if (exception instanceof InvalidCursorError) return [422, { error: 'cursor_invalid', message: exception.message }];
    if (exception instanceof InvalidArgumentError) return [422, { error: 'invalid_argument', message: exception.message }];
    if (exception instanceof UsersUnavailableError) {
      return [503, { error: 'users_unavailable', message: 'the users service is unavailable; try again shortly' }];
    }
    if (exception instanceof DdbUnavailableError || exception instanceof TableNotFoundError) {
      return [503, { error: 'storage_unavailable', message: 'message storage is unavailable; try again shortly' }];
    }
    if (exception instanceof ThrottledError || exception instanceof TransactionConflictError) {
      return [503, { error: 'busy', message: 'too much contention right now; try again shortly' }];
    }
    if (exception instanceof UsersRequestError) return [422, { error: exception.code, message: exception.message }];
    // Errors thrown by Express body parsing before any route (bad JSON, too large).
    const status = (exception as { status?: number; type?: string })?.status;
    if (status === 413) return [413, { error: 'payload_too_large', message: 'request body is too large' }];
    if (status === 400 && (exception as { type?: string }).type === 'entity.parse.failed') {
      return [400, { error: 'invalid_json', message: 'request body is not valid JSON' }];
    }
    if (status && status >= 400 && status < 500) return [status, { error: 'bad_request', message: 'bad request' }];
    return [500, { error: 'internal_error', message: 'something went wrong on our side' }];
  }

  /** Nest's own HttpExceptions (unknown route, body parser) get this API's body shape too. */
  private normalize(exception: HttpException): ErrorBody {
    if (exception instanceof ApiError) return exception.getResponse() as ErrorBody;
    const status = exception.getStatus();
    if (status === 400 && /JSON/.test(exception.message)) return { error: 'invalid_json', message: 'request body is not valid JSON' };
    const code = { 400: 'bad_request', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large' }[status] ?? 'error';
    return { error: code, message: exception.message };
  }
}
