/** Injection token of the AccessTokenVerifier. */
export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
/** Metadata key marking routes that need no token. */
export const IS_PUBLIC = 'messages-api:is-public';
