import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserProfile } from '@app/users-client';

/**
 * The signed-in person making the request (set by AuthGuard). Its `profile_version` is absent where
 * the person was remembered without one (a live-events ticket).
 */
export type Caller = Omit<UserProfile, 'profile_version'> & Partial<Pick<UserProfile, 'profile_version'>>;

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
