import { HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import {
  ConditionFailedError,
  CorruptItemError,
  DdbUnavailableError,
  DuplicateItemError,
  InvalidArgumentError,
  InvalidCursorError,
  MessageGroupNotFoundError,
  TableNotFoundError,
  ThrottledError,
  TransactionCanceledError,
  TransactionConflictError,
  UnknownMessageError,
} from '@app/ddb';
import { UserNotFoundError, UsersRequestError, UsersUnavailableError } from '@app/users-client';
import { ApiError } from './api-error';
import { HttpErrorsFilter, toHttp } from './http-errors.filter';
import { ForbiddenJsonKeyError } from './json-body-parser';
import { DomainError } from '../messaging.errors';

describe('HttpErrorsFilter', () => {
  it.each<[string, unknown, number, string]>([
    ['an ApiError', new ApiError(401, 'token_expired', 'the access token has expired'), 401, 'token_expired'],
    ['a 429 ApiError', new ApiError(429, 'rate_limited', 'slow down'), 429, 'rate_limited'],
    ['Nest’s 404', new NotFoundException('Cannot GET /x'), 404, 'not_found'],
    ['Nest’s 413', new PayloadTooLargeException(), 413, 'payload_too_large'],
    ['handle_not_found', new DomainError('handle_not_found', 'nobody'), 404, 'handle_not_found'],
    ['message_to_self', new DomainError('message_to_self', 'no'), 422, 'message_to_self'],
    ['idempotency_key_reused', new DomainError('idempotency_key_reused', 'no'), 422, 'idempotency_key_reused'],
    ['idempotency_key_in_use', new DomainError('idempotency_key_in_use', 'wait'), 409, 'idempotency_key_in_use'],
    ['a group the caller is not in', new MessageGroupNotFoundError('no group g for u'), 404, 'message_group_not_found'],
    ['a read marker on a message not in the conversation', new UnknownMessageError('not here'), 422, 'message_uuid_unknown'],
    ['a foreign cursor', new InvalidCursorError('cursor belongs to another listing'), 422, 'cursor_invalid'],
    ['an input DynamoDB refused', new InvalidArgumentError('DynamoDB refused the request'), 422, 'invalid_argument'],
    ['DynamoDB down', new DdbUnavailableError('ECONNREFUSED'), 503, 'storage_unavailable'],
    ['no table', new TableNotFoundError('no table'), 503, 'storage_unavailable'],
    ['throttling', new ThrottledError('slow down'), 503, 'busy'],
    ['a conflict that outlasted the retries', new TransactionConflictError('contention'), 503, 'busy'],
    ['a cancelled transaction worth retrying', new TransactionCanceledError('c', ['None', 'TransactionConflict']), 503, 'busy'],
    ['a cancelled transaction not worth retrying', new TransactionCanceledError('c', ['ConditionalCheckFailed']), 500, 'internal_error'],
    ['a condition the library should have handled', new ConditionFailedError('c'), 500, 'internal_error'],
    ['a duplicate the library should have handled', new DuplicateItemError('d'), 500, 'internal_error'],
    ['a corrupt item', new CorruptItemError('bad item'), 500, 'internal_error'],
    ['the users service down', new UsersUnavailableError('timeout'), 503, 'users_unavailable'],
    ['the users service refusing', new UsersRequestError('validation_failed', 'bad'), 422, 'validation_failed'],
    [
      'a JSON syntax error from the body parser',
      Object.assign(new SyntaxError('x'), { status: 400, type: 'entity.parse.failed' }),
      400,
      'invalid_json',
    ],
    ['a too large body from the body parser', Object.assign(new Error('x'), { status: 413 }), 413, 'payload_too_large'],
    ['Fastify’s unsupported media type', Object.assign(new Error('x'), { statusCode: 415 }), 415, 'unsupported_media_type'],
    [
      'Fastify’s invalid JSON',
      Object.assign(new Error('x'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
      400,
      'invalid_json',
    ],
    [
      'Fastify’s invalid JSON as the adapter wraps it',
      new HttpException('Body is not valid', 400, {
        cause: Object.assign(new Error('x'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
      }),
      400,
      'invalid_json',
    ],
    ['a JSON key that could poison prototypes', new ForbiddenJsonKeyError('a.__proto__'), 400, 'body_forbidden_key'],
    ['Fastify’s too large body as the adapter wraps it', new HttpException('Request body is too large', 413), 413, 'payload_too_large'],
    ['another body parser 4xx', Object.assign(new Error('x'), { status: 411 }), 411, 'bad_request'],
    ['a bug', new TypeError('undefined is not a function'), 500, 'internal_error'],
    ['a non-error', 'thrown string', 500, 'internal_error'],
    ['a users not-found that escaped its service', new UserNotFoundError('x'), 500, 'internal_error'],
  ])('maps %s to its status and code', (_, error, status, code) => {
    const [actualStatus, body] = toHttp(error);
    expect([actualStatus, body.error]).toEqual([status, code]);
    expect(typeof body.message).toBe('string');
  });

  it('does not repeat internal error text to the client', () => {
    expect(toHttp(new TypeError('secret at /srv/app.js:12'))[1].message).not.toContain('secret');
    expect(toHttp(new DdbUnavailableError('connect ECONNREFUSED 10.0.0.7:8000'))[1].message).not.toContain('10.0.0.7');
    expect(toHttp(new MessageGroupNotFoundError('no group 7c9e for member 1f2a'))[1].message).toBe('no such conversation');
  });

  it('names the forbidden key and where it was', () => {
    expect(toHttp(new ForbiddenJsonKeyError('meta.__proto__'))).toEqual([
      400,
      {
        error: 'body_forbidden_key',
        message: expect.stringContaining('meta.__proto__'),
        errors: [{ field: 'meta.__proto__', code: 'body_forbidden_key', message: expect.any(String) }],
      },
    ]);
  });

  it('sends the body with its status, Retry-After on every 503 only, and a Bearer challenge on every 401 (RFC 9110 §15.5.2)', () => {
    const sent = (error: unknown) => {
      const headers: Record<string, string> = {};
      const response = {
        statusCode: 0,
        body: undefined as unknown,
        status(code: number) {
          this.statusCode = code;
          return this;
        },
        header: (name: string, value: string) => (headers[name] = value),
        send(body: unknown) {
          this.body = body;
        },
      };
      const host = { switchToHttp: () => ({ getResponse: () => response }) };
      new HttpErrorsFilter().catch(error, host as never);
      return { status: response.statusCode, body: response.body, headers };
    };

    expect(sent(new ThrottledError('t'))).toEqual({
      status: 503,
      body: { error: 'busy', message: expect.any(String) },
      headers: { 'Retry-After': '1' },
    });
    expect(sent(new ApiError(503, 'auth_unavailable', 'later')).headers).toEqual({ 'Retry-After': '1' });
    expect(sent(new ApiError(401, 'unauthorized', 'no token'))).toEqual({
      status: 401,
      body: { error: 'unauthorized', message: 'no token' },
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
    expect(sent(new ApiError(401, 'token_expired', 'expired')).headers).toEqual({
      'WWW-Authenticate': 'Bearer error="invalid_token", error_description="the access token has expired"',
    });
    expect(sent(new ApiError(403, 'user_not_registered', 'who?')).headers).toEqual({});
    expect(sent(new DomainError('handle_not_found', 'nobody has the handle @x'))).toEqual({
      status: 404,
      body: { error: 'handle_not_found', message: 'nobody has the handle @x' },
      headers: {},
    });
  });
});
