/** Injection token of the AccessTokenVerifier. */
export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
/** Metadata key of a route's AuthMode (absent = a token is required). */
export const AUTH_MODE = 'messages-api:auth-mode';
