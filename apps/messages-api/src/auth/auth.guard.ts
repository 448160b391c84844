import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserNotFoundError } from '@app/users-client';
import { ApiError } from '../http/api-error';
import type { AuthenticatedRequest } from './caller.decorator';
import { ACCESS_TOKEN_VERIFIER, AUTH_MODE } from './auth.constants';
import { type AccessTokenVerifier, JwksUnavailableError, TokenRejectedError } from './access-token.verifier';
import { IdentityService } from './identity.service';
import type { AuthMode } from './public.decorator';

const BEARER = /^Bearer ([A-Za-z0-9_\-.=]+)$/;

/**
 * Every route but the @Public()/@TokenOptional() ones needs `Authorization: Bearer <Cognito
 * access token>`. 401 `token_expired`: refresh and retry; 401 `unauthorized`: no token, or one
 * that is malformed, wrongly signed, without expiry, or from another pool or client. 403: a valid
 * token of a person the users service does not know. 503: the JWKS or the users service is down.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** A route's mode never changes: read its metadata once per handler, not once per request. */
  private readonly modes = new WeakMap<object, AuthMode>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const mode = this.modeOf(context);
    if (mode === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    if (mode === 'optional' && request.headers.authorization === undefined) return true;
    await this.authenticate(request, mode);
    return true;
  }

  /**
   * Checks the request's Bearer token and finds its person (`required`), or only checks the token
   * (`optional`). Also used by routes with their own way in (GET /api/events takes a ticket too).
   */
  async authenticate(request: AuthenticatedRequest & { headers: Record<string, string | undefined> }, mode: 'required' | 'optional' = 'required'): Promise<void> {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <Cognito access token>');
    request.principal = await this.verify(match[1]);
    if (mode === 'optional') return;
    try {
      request.caller = await this.identity.resolve(request.principal.sub);
    } catch (error) {
      if (error instanceof UserNotFoundError) {
        throw new ApiError(403, 'user_not_registered', 'this Cognito identity has no Cruddur user (run update_cognito_user_ids?)');
      }
      throw error;
    }
  }

  private modeOf(context: ExecutionContext): AuthMode {
    const handler = context.getHandler();
    let mode = this.modes.get(handler);
    if (mode === undefined) {
      mode = this.reflector.getAllAndOverride<AuthMode | undefined>(AUTH_MODE, [handler, context.getClass()]) ?? 'required';
      this.modes.set(handler, mode);
    }
    return mode;
  }

  private async verify(token: string): Promise<{ sub: string }> {
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof JwksUnavailableError) {
        throw new ApiError(503, 'auth_unavailable', 'cannot check tokens right now (identity provider unreachable); try again shortly');
      }
      if (error instanceof TokenRejectedError) throw new ApiError(401, error.code, `invalid access token: ${error.reason}`);
      throw error;
    }
  }
}
