import type { CognitoUser } from '@app/cognito-api';
import { normalizeHandle, type User } from '../users/user';

/** A Postgres row as the linking rules see it. */
export type LinkableRow = Pick<User, 'uuid' | 'handle' | 'email' | 'cognitoUserId'>;

export type MatchedBy = 'email' | 'preferred_username';

/** Why a Cognito user was left unlinked: each is reported, none stops the run. */
export const LeftReason = {
  /** No `sub` attribute: nothing to link. */
  noSub: 'no_sub',
  /** An administrator disabled the Cognito user. */
  disabled: 'disabled',
  /** Not `CONFIRMED` (sign-up not finished, or a forced password change pending). */
  notConfirmed: 'not_confirmed',
  noEmailOrUsername: 'no_email_or_username',
  /** Their email matches a row but `email_verified` is not true: anyone can type any address. */
  emailUnverified: 'email_unverified',
  /** The row is already linked to another `sub`: a link is never moved. */
  linkedToAnother: 'linked_to_another',
  /** Several Cognito users claim the row with equal standing: none of them gets it. */
  ambiguous: 'ambiguous',
  /** Claimed by preferred_username, but someone with the row's verified email claims it too. */
  claimedByVerifiedEmail: 'claimed_by_verified_email',
  /** The conditional write found the row (or the sub) linked meanwhile, e.g. by a concurrent run. */
  lostRace: 'lost_race',
  /** An unexpected error for this user only (the message says which). */
  failed: 'failed',
} as const;
export type LeftReason = (typeof LeftReason)[keyof typeof LeftReason];

export type LinkDecision =
  | { kind: 'link'; user: CognitoUser; sub: string; row: LinkableRow; matchedBy: MatchedBy }
  | { kind: 'unchanged'; user: CognitoUser; row: LinkableRow }
  | { kind: 'unmatched'; user: CognitoUser }
  | { kind: 'left'; user: CognitoUser; row?: LinkableRow; reason: LeftReason; detail: string };

interface Claim {
  index: number;
  user: CognitoUser;
  sub: string;
  row: LinkableRow;
  matchedBy: MatchedBy;
}

/**
 * The linking rules of docs/design.md §10, as a pure function of what Cognito and Postgres hold (one
 * decision per Cognito user, in their order):
 * - a row already linked to a `sub` keeps it; other claimants are `linked_to_another`;
 * - only a CONFIRMED, enabled user with a `sub` links at all;
 * - an email links only when verified; an unverified email that matches a row blocks that user;
 * - a `preferred_username` (= handle) claim links only a row nobody else claims: a verified-email
 *   claimant outranks it, and two claimants of equal standing are both `ambiguous`.
 * `rows` must hold every row with one of the users' emails or handles, or linked to their subs.
 */
export function decideLinks(cognitoUsers: readonly CognitoUser[], rows: readonly LinkableRow[]): LinkDecision[] {
  const byEmail = new Map(rows.map((row) => [row.email.toLowerCase(), row]));
  const byHandle = new Map(rows.map((row) => [row.handle, row]));
  const bySub = new Map(rows.filter((row) => row.cognitoUserId).map((row) => [row.cognitoUserId!, row]));

  const decisions: LinkDecision[] = [];
  const claims: Claim[] = [];
  cognitoUsers.forEach((user, index) => {
    const decision = decideAlone(user, { byEmail, byHandle, bySub });
    if ('claim' in decision) claims.push({ index, user, ...decision.claim });
    else decisions[index] = decision;
  });

  const claimsByRow = new Map<string, Claim[]>();
  for (const claim of claims) claimsByRow.set(claim.row.uuid, [...(claimsByRow.get(claim.row.uuid) ?? []), claim]);
  for (const rowClaims of claimsByRow.values()) {
    for (const [claim, decision] of settleRow(rowClaims)) decisions[claim.index] = decision;
  }
  return decisions;
}

/** What can be decided about one Cognito user without looking at the others. */
function decideAlone(
  user: CognitoUser,
  rows: { byEmail: Map<string, LinkableRow>; byHandle: Map<string, LinkableRow>; bySub: Map<string, LinkableRow> },
): LinkDecision | { claim: Pick<Claim, 'sub' | 'row' | 'matchedBy'> } {
  const { sub, email, preferredUsername } = user;
  if (!sub) return left(user, LeftReason.noSub, 'no sub attribute');
  const linked = rows.bySub.get(sub);
  if (linked) return { kind: 'unchanged', user, row: linked };
  if (!user.enabled) return left(user, LeftReason.disabled, 'the Cognito user is disabled');
  if (user.status !== 'CONFIRMED') return left(user, LeftReason.notConfirmed, `status ${user.status ?? 'unknown'}, not CONFIRMED`);
  if (!email && !preferredUsername) return left(user, LeftReason.noEmailOrUsername, 'neither email nor preferred_username is set');

  const emailRow = email ? rows.byEmail.get(email.trim().toLowerCase()) : undefined;
  if (emailRow && !user.emailVerified) {
    return left(user, LeftReason.emailUnverified, `email ${email} matches @${emailRow.handle} but is not verified`, emailRow);
  }
  if (emailRow) return { claim: { sub, row: emailRow, matchedBy: 'email' } };
  const handleRow = preferredUsername ? rows.byHandle.get(normalizeHandle(preferredUsername)) : undefined;
  if (handleRow) return { claim: { sub, row: handleRow, matchedBy: 'preferred_username' } };
  return { kind: 'unmatched', user };
}

/** Everyone who claims one row: at most one of them links it. */
function settleRow(claims: Claim[]): Array<[Claim, LinkDecision]> {
  const row = claims[0].row;
  const leave =
    (reason: LeftReason, detail: string) =>
    (claim: Claim): [Claim, LinkDecision] => [claim, left(claim.user, reason, detail, row)];
  if (row.cognitoUserId) {
    return claims.map(leave(LeftReason.linkedToAnother, `@${row.handle} is already linked to another Cognito user`));
  }
  const byEmail = claims.filter((claim) => claim.matchedBy === 'email');
  const contenders = byEmail.length > 0 ? byEmail : claims;
  if (contenders.length > 1) {
    return claims.map(leave(LeftReason.ambiguous, `${contenders.length} Cognito users claim @${row.handle}`));
  }
  const [winner] = contenders;
  return claims.map((claim): [Claim, LinkDecision] =>
    claim === winner
      ? [claim, { kind: 'link', user: claim.user, sub: claim.sub, row, matchedBy: claim.matchedBy }]
      : leave(LeftReason.claimedByVerifiedEmail, `@${row.handle} is claimed by the Cognito user with its verified email`)(claim),
  );
}

function left(user: CognitoUser, reason: LeftReason, detail: string, row?: LinkableRow): LinkDecision {
  return { kind: 'left', user, reason, detail, ...(row ? { row } : {}) };
}
