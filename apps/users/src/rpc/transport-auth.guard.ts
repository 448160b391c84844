import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { UsersErrorCode } from '@app/users-client';
import { UsersDomainError } from '../users/users.errors';
import { UNAUTHENTICATED } from '@app/common';

/** Runs before every handler: a request that failed the secret check is answered `unauthorized`. */
@Injectable()
export class TransportAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToRpc().getData() === UNAUTHENTICATED) {
      throw new UsersDomainError(UsersErrorCode.unauthorized, 'missing or wrong USERS_TRANSPORT_SECRET');
    }
    return true;
  }
}
