import type { LeftReason, MatchedBy } from './decide-links';

/** What update_cognito_user_ids did with each Cognito user. */
export interface SyncReport {
  /** Cognito users seen, across every ListUsers page. */
  scanned: number;
  /** Linked now: their Postgres row got this `sub`. */
  linked: Array<{ username: string; handle: string; cognitoUserId: string; matchedBy: MatchedBy }>;
  /** Already linked to this sub. */
  unchanged: Array<{ username: string; handle: string }>;
  /** No Postgres user with that email or handle. */
  unmatched: Array<{ username: string; email?: string; preferredUsername?: string }>;
  /** Left unlinked on purpose (conflict, unverified, ambiguous, …); the row, if any, is unchanged. */
  left: Array<{ username: string; sub?: string; handle?: string; reason: LeftReason; detail: string }>;
}
