import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserProfile } from '@app/users-client';

/** The signed-in person making the request (set by AuthGuard). */
export type Caller = UserProfile;

export interface AuthenticatedRequest {
  /** The verified token's subject, on every request that carried a valid token. */
  principal?: { sub: string };
  /** The person, on routes that require a token. */
  caller?: Caller;
}

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without AuthGuard');
  return caller;
});
