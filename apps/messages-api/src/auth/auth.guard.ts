import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserNotFoundError } from '@app/users-client';
import { ApiError } from '../http/api-error';
import { routeMetadata } from '../http/route-metadata';
import type { AuthenticatedRequest } from './caller.decorator';
import { ACCESS_TOKEN_VERIFIER, AUTH_MODE } from './auth.constants';
import { type AccessTokenVerifier, JwksUnavailableError, TokenRejectedError } from './access-token.verifier';
import { IdentityService } from './identity.service';
import type { AuthMode } from './public.decorator';

/** The scheme is case-insensitive (RFC 9110 §11.1): `bearer …` is a Bearer token too. */
const BEARER = /^Bearer ([A-Za-z0-9_\-.=]+)$/i;

/**
 * Every route but the @Public()/@TokenOptional() ones needs `Authorization: Bearer <Cognito
 * access token>`. 401 `token_expired`: refresh and retry; 401 `unauthorized`: no token, or one
 * that is malformed, wrongly signed, without expiry, or from another pool or client. 403: a valid
 * token of a person the users service does not know. 503: the JWKS or the users service is down.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly modeOf: (context: ExecutionContext) => AuthMode;

  constructor(
    reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    private readonly identity: IdentityService,
  ) {
    this.modeOf = routeMetadata<AuthMode>(reflector, AUTH_MODE, 'required');
  }

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
  async authenticate(
    request: AuthenticatedRequest & { headers: Record<string, string | undefined> },
    mode: 'required' | 'optional' = 'required',
  ): Promise<void> {
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
