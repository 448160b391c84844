import type { CognitoOptions } from '@app/cognito';
import type { UsersRepository } from '../users/users.repository';
import { CognitoDirectory } from './cognito-directory';
import { SyncCognitoService } from './sync-cognito.service';
import type { SyncReport } from './sync-report';

/** One run of update_cognito_user_ids against the pool in `cognito` (the ops command, setup, tests). */
export async function syncCognitoUserIds(
  users: UsersRepository,
  cognito: Pick<CognitoOptions, 'endpoint' | 'region' | 'userPoolId'>,
): Promise<SyncReport> {
  const directory = new CognitoDirectory(cognito);
  try {
    return await new SyncCognitoService(directory, users).sync();
  } finally {
    directory.close();
  }
}
