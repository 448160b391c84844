import type { SyncReport } from '@app/users-client';

export function printSyncReport(report: SyncReport): void {
  console.log(
    `update_cognito_user_ids: ${report.scanned} Cognito user(s); ${report.matched.length} matched, ` +
      `${report.unchanged.length} unchanged, ${report.unmatched.length} unmatched, ${report.skipped.length} skipped`,
  );
  for (const m of report.matched) console.log(`  matched    @${m.handle} → ${m.cognito_user_id} (by ${m.matched_by})`);
  for (const u of report.unmatched) console.log(`  unmatched  ${u.username} (${u.email ?? u.preferred_username ?? 'no email'})`);
  for (const s of report.skipped) console.log(`  skipped    ${s.username}: ${s.reason}`);
}
