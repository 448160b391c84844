import { Logger } from '@nestjs/common';
import type { CognitoUser } from '@app/cognito-api';
import { normalizeHandle } from '../users/user';
import { DuplicateUserError } from '../users/users.errors';
import type { UsersRepository } from '../users/users.repository';
import type { CognitoDirectory } from './cognito-directory';
import { decideLinks, LeftReason, type LinkDecision } from './decide-links';
import type { SyncReport } from './sync-report';

/**
 * update_cognito_user_ids: links Cognito users to their Postgres rows by storing the `sub`, under
 * the rules of `decideLinks`. Every write is conditional (only a row with no link yet), so a
 * concurrent run or a stale read can never move a link. One odd user is reported and the run
 * goes on. Reachable only from the ops command, never over the users transport.
 */
export class SyncCognitoService {
  private readonly logger = new Logger(SyncCognitoService.name);

  constructor(
    private readonly directory: Pick<CognitoDirectory, 'listUsers'>,
    private readonly users: UsersRepository,
  ) {}

  async sync(): Promise<SyncReport> {
    // The whole pool is read first: whether a claim links depends on every other claim to that row.
    const cognitoUsers: CognitoUser[] = [];
    for await (const user of this.directory.listUsers()) cognitoUsers.push(user);
    const rows = await this.users.findLinkCandidates({
      emails: cognitoUsers.flatMap((user) => (user.email ? [user.email.trim().toLowerCase()] : [])),
      handles: cognitoUsers.flatMap((user) => (user.preferredUsername ? [normalizeHandle(user.preferredUsername)] : [])),
      subs: cognitoUsers.flatMap((user) => (user.sub ? [user.sub] : [])),
    });

    const report: SyncReport = { scanned: cognitoUsers.length, linked: [], unchanged: [], unmatched: [], left: [] };
    for (const decision of decideLinks(cognitoUsers, rows)) await this.apply(decision, report);
    this.logger.log(
      `cognito sync: ${report.scanned} scanned, ${report.linked.length} linked, ${report.unchanged.length} unchanged, ` +
        `${report.unmatched.length} unmatched, ${report.left.length} left`,
    );
    return report;
  }

  private async apply(decision: LinkDecision, report: SyncReport): Promise<void> {
    const { username, sub, email, preferredUsername } = decision.user;
    switch (decision.kind) {
      case 'unchanged':
        report.unchanged.push({ username, handle: decision.row.handle });
        return;
      case 'unmatched':
        report.unmatched.push({ username, email, preferredUsername });
        return;
      case 'left':
        report.left.push({ username, sub, handle: decision.row?.handle, reason: decision.reason, detail: decision.detail });
        return;
      case 'link':
        await this.link(decision, report);
    }
  }

  private async link({ user, sub, row, matchedBy }: Extract<LinkDecision, { kind: 'link' }>, report: SyncReport): Promise<void> {
    const leave = (reason: LeftReason, detail: string) =>
      report.left.push({ username: user.username, sub, handle: row.handle, reason, detail });
    try {
      if (await this.users.linkCognitoUserId(row.uuid, sub)) {
        report.linked.push({ username: user.username, handle: row.handle, cognitoUserId: sub, matchedBy });
      } else {
        leave(LeftReason.lostRace, `@${row.handle} was linked meanwhile; left as it is`);
      }
    } catch (error) {
      if (error instanceof DuplicateUserError) leave(LeftReason.lostRace, `sub ${sub} was linked to another row meanwhile`);
      else leave(LeftReason.failed, (error as Error).message);
    }
  }
}
