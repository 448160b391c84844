import type { SyncReport } from '../src/sync-cognito/sync-report';

/** The sync report for an operator: one line per Cognito user that needs a look, each with its reason. */
export function printSyncReport(report: SyncReport): void {
  console.log(
    `update_cognito_user_ids: ${report.scanned} Cognito user(s); ${report.linked.length} linked, ` +
      `${report.unchanged.length} unchanged, ${report.unmatched.length} unmatched, ${report.left.length} left unlinked`,
  );
  for (const l of report.linked) console.log(`  linked     @${l.handle} → ${l.cognitoUserId} (${l.username}, by ${l.matchedBy})`);
  for (const u of report.unmatched) console.log(`  unmatched  ${u.username} (${u.email ?? u.preferredUsername ?? 'no email'})`);
  for (const l of report.left) {
    console.log(`  left       ${l.username}${l.handle ? ` (claims @${l.handle})` : ''}: ${l.reason} — ${l.detail}`);
  }
}
