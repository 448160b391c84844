import { SetMetadata } from '@nestjs/common';
import { AUTH_MODE } from './auth.constants';

/** How a route treats `Authorization`. */
export type AuthMode = 'required' | 'public' | 'optional';

/** A route anyone may call; a token is not looked at (health, readiness, the OpenAPI page). */
export const Public = () => SetMetadata(AUTH_MODE, 'public' satisfies AuthMode);

/**
 * A route anyone may call, where a token that is sent is still checked (401 if bad) and makes
 * the caller count as that person (for rate limits) rather than as their network address.
 */
export const TokenOptional = () => SetMetadata(AUTH_MODE, 'optional' satisfies AuthMode);
