import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UserNotFoundError } from '@app/users-client';
import { ApiError } from '../http/api-error';
import type { AuthenticatedRequest } from './caller.decorator';
import { ACCESS_TOKEN_VERIFIER, IS_PUBLIC } from './auth.constants';
import { type AccessTokenVerifier, JwksUnavailableError } from './access-token.verifier';
import { IdentityService } from './identity.service';

/**
 * Every route but the @Public() ones needs `Authorization: Bearer <Cognito access token>`.
 * 401: no token, or one that is malformed, expired, wrongly signed, or from another pool or
 * client. 403: a valid token of a person the users service does not know. 503 (from the
 * IdentityService): the users service is down.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    private readonly identity: IdentityService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const match = /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec(request.headers.authorization ?? '');
    if (!match) throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <Cognito access token>');
    let sub: string;
    try {
      ({ sub } = await this.verifier.verify(match[1]));
    } catch (error) {
      // After a failed fetch aws-jwt-verify waits before refetching (its penalty box): still an outage.
      if (error instanceof JwksUnavailableError || (error as Error)?.name === 'WaitPeriodNotYetEndedJwkError') {
        throw new ApiError(503, 'auth_unavailable', 'cannot check tokens right now (identity provider unreachable); try again shortly');
      }
      throw new ApiError(401, 'unauthorized', `invalid access token: ${describe(error)}`);
    }
    try {
      request.caller = await this.identity.resolve(sub);
    } catch (error) {
      if (error instanceof UserNotFoundError) {
        throw new ApiError(403, 'user_not_registered', 'this Cognito identity has no Cruddur user (run update_cognito_user_ids?)');
      }
      throw error;
    }
    return true;
  }
}

/** A short reason for the client, without echoing token contents. */
function describe(error: unknown): string {
  const name = (error as Error)?.name ?? '';
  if (name === 'JwtExpiredError') return 'expired';
  if (name === 'JwtInvalidIssuerError') return 'issued by another user pool';
  if (name === 'CognitoJwtInvalidClientIdError') return 'issued to another app client';
  if (name === 'CognitoJwtInvalidTokenUseError') return 'not an access token';
  if (name === 'JwtInvalidSignatureError' || name === 'KidNotFoundInJwksError') return 'bad signature';
  if (name === 'JwtParseError') return 'malformed';
  return 'rejected';
}
