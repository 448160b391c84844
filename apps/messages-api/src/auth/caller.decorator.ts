import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UserProfile } from '@app/users-client';

/** The signed-in person making the request (set by AuthGuard). */
export type Caller = UserProfile;

export interface AuthenticatedRequest {
  caller?: Caller;
}

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without AuthGuard');
  return caller;
});
