import { Injectable, Logger } from '@nestjs/common';
import type { CognitoUser } from '@app/cognito';
import type { SyncReport } from '@app/users-client';
import type { User } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { CognitoDirectory } from './cognito-directory';

/**
 * update_cognito_user_ids: links each Cognito user to its Postgres row (by email, else by
 * preferred_username = handle) by storing the Cognito `sub`. One odd user is reported and
 * skipped; it never stops the run.
 */
@Injectable()
export class SyncCognitoService {
  private readonly logger = new Logger(SyncCognitoService.name);

  constructor(
    private readonly directory: CognitoDirectory,
    private readonly users: UsersRepository,
  ) {}

  async sync(): Promise<SyncReport> {
    const report: SyncReport = { scanned: 0, matched: [], unchanged: [], unmatched: [], skipped: [] };
    for await (const cognitoUser of this.directory.listUsers()) {
      report.scanned += 1;
      try {
        await this.syncOne(cognitoUser, report);
      } catch (error) {
        report.skipped.push({ username: cognitoUser.username, reason: (error as Error).message });
      }
    }
    this.logger.log(
      `cognito sync: ${report.scanned} scanned, ${report.matched.length} matched, ${report.unchanged.length} unchanged, ` +
        `${report.unmatched.length} unmatched, ${report.skipped.length} skipped`,
    );
    return report;
  }

  private async syncOne(cognitoUser: CognitoUser, report: SyncReport): Promise<void> {
    const { username, sub, email, preferredUsername } = cognitoUser;
    if (!sub) {
      report.skipped.push({ username, reason: 'no sub attribute' });
      return;
    }
    if (!email && !preferredUsername) {
      report.skipped.push({ username, reason: 'neither email nor preferred_username is set' });
      return;
    }
    let user: User | null = email ? await this.users.findByEmail(email) : null;
    let matchedBy: 'email' | 'preferred_username' = 'email';
    if (!user && preferredUsername) {
      user = await this.users.findByHandle(preferredUsername);
      matchedBy = 'preferred_username';
    }
    if (!user) {
      report.unmatched.push({ username, email, preferred_username: preferredUsername });
      return;
    }
    if (user.cognitoUserId === sub) {
      report.unchanged.push({ handle: user.handle });
      return;
    }
    await this.users.setCognitoUserId(user.uuid, sub);
    report.matched.push({ handle: user.handle, cognito_user_id: sub, matched_by: matchedBy });
  }
}
