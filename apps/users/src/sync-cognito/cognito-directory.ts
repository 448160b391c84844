import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoConfig, type CognitoUser, createCognitoClient, listAllUsers } from '@app/cognito';
import { UsersErrorCode } from '@app/users-client';
import { UsersDomainError } from '../users/users.errors';

/** The user directory the sync reads: Cognito (real, or the local emulator). */
@Injectable()
export class CognitoDirectory implements OnApplicationShutdown {
  private readonly client: CognitoIdentityProviderClient;

  constructor(
    @Inject(cognitoConfig.KEY) private readonly config: Pick<ConfigType<typeof cognitoConfig>, 'endpoint' | 'region' | 'userPoolId'>,
  ) {
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

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
