import { Controller, type ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserNotFoundError, UsersUnavailableError } from '@app/users-client';
import { ApiError } from '../http/api-error';
import { type AccessTokenVerifier, JwksUnavailableError, TokenRejectedError } from './access-token.verifier';
import { AuthGuard } from './auth.guard';
import type { AuthenticatedRequest } from './caller.decorator';
import type { IdentityService } from './identity.service';
import { Public, TokenOptional } from './public.decorator';

@Controller()
class Routes {
  @Get() required() {}
  @Public() @Get() open() {}
  @TokenOptional() @Get() optional() {}
}

@Public()
@Controller()
class PublicRoutes {
  @Get() health() {}
}

const SUB = '5f8c1e0a-6b7d-4c3e-9a21-0f1e2d3c4b5a';
const ANDREW = { uuid: '0b3c6f1e-2a4d-4e8f-9c7b-1d2e3f4a5b6c', handle: 'andrewbrown', display_name: 'Andrew Brown' };

type Request = AuthenticatedRequest & { headers: Record<string, string | undefined> };

describe('AuthGuard', () => {
  let verifier: jest.Mocked<AccessTokenVerifier>;
  let identity: jest.Mocked<Pick<IdentityService, 'resolve'>>;
  let guard: AuthGuard;

  beforeEach(() => {
    verifier = { verify: jest.fn().mockResolvedValue({ sub: SUB }) };
    identity = { resolve: jest.fn().mockResolvedValue(ANDREW) };
    guard = new AuthGuard(new Reflector(), verifier, identity as unknown as IdentityService);
  });

  /** Runs the guard on a route with these request headers: the request as it leaves, or the error. */
  async function run(route: [object, string], headers: Record<string, string> = {}) {
    const request: Request = { headers };
    const [controller, method] = route;
    const context = {
      getHandler: () => (controller as Record<string, unknown>)[method],
      getClass: () => controller.constructor,
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    try {
      return { passed: await guard.canActivate(context), request };
    } catch (error) {
      return { error: error as ApiError, request };
    }
  }
  const required: [object, string] = [Routes.prototype, 'required'];
  const optional: [object, string] = [Routes.prototype, 'optional'];
  const bearer = (token = 'a.b.c') => ({ authorization: `Bearer ${token}` });
  const refusal = (error?: ApiError) => error && [error.getStatus(), (error.getResponse() as { error: string }).error];

  describe('a route that needs a token (the default)', () => {
    it('lets a valid token of a known person through, with the principal and the caller on the request', async () => {
      const { passed, request } = await run(required, bearer('header.payload.signature'));
      expect(passed).toBe(true);
      expect(verifier.verify).toHaveBeenCalledWith('header.payload.signature');
      expect(identity.resolve).toHaveBeenCalledWith(SUB);
      expect(request).toMatchObject({ principal: { sub: SUB }, caller: ANDREW });
    });

    it.each(['bearer', 'BEARER'])('reads the scheme case-insensitively (RFC 9110 §11.1): %s', async (scheme) => {
      const { passed } = await run(required, { authorization: `${scheme} header.payload.signature` });
      expect(passed).toBe(true);
      expect(verifier.verify).toHaveBeenCalledWith('header.payload.signature');
    });

    it.each([
      ['no Authorization header', {}],
      ['another scheme', { authorization: 'Basic YW5kcmV3OnB3' }],
      ['an empty Bearer', { authorization: 'Bearer ' }],
      ['a token with characters no JWT has', { authorization: 'Bearer a.b.c d' }],
    ])('refuses %s with 401 unauthorized, without asking the verifier', async (_, headers) => {
      const { error, request } = await run(required, headers);
      expect(refusal(error)).toEqual([401, 'unauthorized']);
      expect(verifier.verify).not.toHaveBeenCalled();
      expect(request.caller).toBeUndefined();
    });

    it.each([
      ['an expired token', new TokenRejectedError('token_expired', 'the token has expired'), [401, 'token_expired']],
      ['a token the verifier refuses', new TokenRejectedError('unauthorized', 'wrong client'), [401, 'unauthorized']],
      ['a token while the JWKS is unreachable', new JwksUnavailableError('ECONNREFUSED'), [503, 'auth_unavailable']],
    ])('answers %s with its status and code', async (_, rejection, answer) => {
      verifier.verify.mockRejectedValue(rejection);
      const { error, request } = await run(required, bearer());
      expect(refusal(error)).toEqual(answer);
      expect(identity.resolve).not.toHaveBeenCalled();
      expect(request.principal).toBeUndefined();
    });

    it('tells the client why a token was refused, in words, not the token', async () => {
      verifier.verify.mockRejectedValue(new TokenRejectedError('token_expired', 'the token has expired'));
      const { error } = await run(required, bearer('secret.token.value'));
      expect((error!.getResponse() as { message: string }).message).toBe('invalid access token: the token has expired');
      expect(JSON.stringify(error!.getResponse())).not.toContain('secret');
    });

    it('answers a valid token of a person with no Cruddur user with 403 user_not_registered', async () => {
      identity.resolve.mockRejectedValue(new UserNotFoundError(SUB));
      const { error, request } = await run(required, bearer());
      expect(refusal(error)).toEqual([403, 'user_not_registered']);
      expect(request.caller).toBeUndefined();
    });

    it('leaves an outage of the users service, or a bug of the verifier, to the error filter (503 / 500)', async () => {
      identity.resolve.mockRejectedValue(new UsersUnavailableError('timeout'));
      expect((await run(required, bearer())).error).toBeInstanceOf(UsersUnavailableError);
      verifier.verify.mockRejectedValue(new TypeError('bug'));
      expect((await run(required, bearer())).error).toBeInstanceOf(TypeError);
    });
  });

  describe('a @Public() route', () => {
    it.each([
      ['the route', [Routes.prototype, 'open'] as [object, string]],
      ['its controller', [PublicRoutes.prototype, 'health'] as [object, string]],
    ])('lets anyone through when marked on %s, without looking at a token, even a bad one', async (_, route) => {
      const { passed, request } = await run(route, { authorization: 'Bearer not a token' });
      expect(passed).toBe(true);
      expect(verifier.verify).not.toHaveBeenCalled();
      expect(request.principal).toBeUndefined();
    });
  });

  describe('a @TokenOptional() route', () => {
    it('lets a caller without a token through as nobody', async () => {
      const { passed, request } = await run(optional);
      expect(passed).toBe(true);
      expect(request.principal).toBeUndefined();
      expect(verifier.verify).not.toHaveBeenCalled();
    });

    it('checks a token that is sent, and counts the caller as its person without asking who that is', async () => {
      const { passed, request } = await run(optional, bearer());
      expect(passed).toBe(true);
      expect(request.principal).toEqual({ sub: SUB });
      expect(identity.resolve).not.toHaveBeenCalled();
    });

    it('refuses a bad token that is sent with 401, rather than treating its sender as anonymous', async () => {
      verifier.verify.mockRejectedValue(new TokenRejectedError('unauthorized', 'bad signature'));
      expect(refusal((await run(optional, bearer())).error)).toEqual([401, 'unauthorized']);
      expect(refusal((await run(optional, { authorization: 'Token x' })).error)).toEqual([401, 'unauthorized']);
    });
  });
});
