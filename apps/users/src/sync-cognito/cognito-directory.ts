import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoOptions } from '@app/cognito';
import { type CognitoUser, createCognitoClient, listAllUsers } from '@app/cognito-api';
import { UsersErrorCode } from '@app/users-client';
import { UsersDomainError } from '../users/users.errors';

/** The user directory the sync reads: Cognito (real, or the local emulator). Close it when done. */
export class CognitoDirectory {
  private readonly client: CognitoIdentityProviderClient;

  constructor(private readonly config: Pick<CognitoOptions, 'endpoint' | 'region' | 'userPoolId'>) {
    this.client = createCognitoClient(config);
  }

  /** Every user of the pool, page after page. */
  listUsers(): AsyncIterable<CognitoUser> {
    const { userPoolId } = this.config;
    if (!userPoolId) {
      throw new UsersDomainError(
        UsersErrorCode.notConfigured,
        'no Cognito user pool: set COGNITO_USER_POOL_ID, or run `npm run cognito -- setup` for the local emulator',
      );
    }
    return listAllUsers(this.client, userPoolId);
  }

  close(): void {
    this.client.destroy();
  }
}
