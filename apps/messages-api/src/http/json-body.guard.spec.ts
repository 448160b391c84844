import type { ExecutionContext } from '@nestjs/common';
import type { ApiError } from './api-error';
import { JsonBodyGuard } from './json-body.guard';

describe('JsonBodyGuard', () => {
  const guard = new JsonBodyGuard();
  const run = (headers: Record<string, string>) => {
    const context = { switchToHttp: () => ({ getRequest: () => ({ headers }) }) } as unknown as ExecutionContext;
    try {
      return guard.canActivate(context);
    } catch (error) {
      const refusal = error as ApiError;
      return [refusal.getStatus(), (refusal.getResponse() as { error: string }).error];
    }
  };

  it.each([
    ['no body', {}],
    ['an empty body of any type', { 'content-length': '0', 'content-type': 'text/plain' }],
    ['a JSON body', { 'content-length': '12', 'content-type': 'application/json' }],
    ['a JSON body with a charset, in capitals', { 'content-length': '12', 'content-type': 'Application/JSON; charset=utf-8' }],
    ['a +json body', { 'content-length': '12', 'content-type': 'application/merge-patch+json' }],
    ['a chunked JSON body', { 'transfer-encoding': 'chunked', 'content-type': 'application/json' }],
  ])('lets a request with %s through', (_, headers) => {
    expect(run(headers)).toBe(true);
  });

  it.each([
    ['a form-encoded body', { 'content-length': '10', 'content-type': 'application/x-www-form-urlencoded' }],
    ['a multipart body', { 'content-length': '10', 'content-type': 'multipart/form-data; boundary=b' }],
    ['a text body', { 'content-length': '2', 'content-type': 'text/plain' }],
    ['a body without a type', { 'content-length': '2' }],
    ['a chunked body without a type', { 'transfer-encoding': 'chunked' }],
    ['a type that only starts like JSON', { 'content-length': '2', 'content-type': 'application/jsonx' }],
  ])('refuses a request with %s: 415 unsupported_media_type', (_, headers) => {
    expect(run(headers)).toEqual([415, 'unsupported_media_type']);
  });
});
