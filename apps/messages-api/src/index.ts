/**
 * What development tooling (bin/, bench/) may use of messages-api: its configuration (the launcher's
 * ports) and the pieces the benchmark's floor shares with it (token verification and the identity
 * cache, docs/design.md §7). The one door into the app for them; lint enforces it.
 */
export { createAccessTokenVerifier } from './auth/access-token.verifier';
export { authConfig } from './auth/auth.config';
export { IdentityService } from './auth/identity.service';
export { messagesApiConfig } from './messages-api.config';
