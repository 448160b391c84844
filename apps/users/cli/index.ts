/**
 * What development tooling (bin/, bench/) may use of the users app's local set-up: the one door
 * into it, so the launcher and the benchmarks never reach into the app's files (lint enforces it).
 */
export { seedPersonToken } from './local-cognito';
export { provisionLocalEventsTransportSecret, provisionLocalUsersTransportSecret } from './local-transport-secret';
export { setupDatabaseAndCognito } from './setup';
