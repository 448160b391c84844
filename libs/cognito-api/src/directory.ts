import {
  type AttributeType,
  type CognitoIdentityProviderClient,
  paginateListUsers,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';

/** Largest page ListUsers returns. */
export const LIST_USERS_PAGE_SIZE = 60;

/** A Cognito user reduced to what the sync needs; missing attributes are undefined. */
export interface CognitoUser {
  username: string;
  sub?: string;
  email?: string;
  /** `email_verified = true`: the person proved they read that inbox. Anything else is a claim. */
  emailVerified: boolean;
  preferredUsername?: string;
  name?: string;
  /** Cognito says Enabled; an administrator disabled the user otherwise (absent counts as disabled). */
  enabled: boolean;
  /** Cognito's UserStatus: `CONFIRMED`, `UNCONFIRMED`, `FORCE_CHANGE_PASSWORD`, … */
  status?: string;
}

/** Every user of a pool, following ListUsers' PaginationToken to the last page (the SDK's paginator). */
export async function* listAllUsers(client: CognitoIdentityProviderClient, userPoolId: string): AsyncGenerator<CognitoUser> {
  for await (const page of paginateListUsers({ client, pageSize: LIST_USERS_PAGE_SIZE }, { UserPoolId: userPoolId })) {
    for (const user of page.Users ?? []) yield toCognitoUser(user);
  }
}

export function toCognitoUser(user: UserType): CognitoUser {
  const attribute = (name: string) => user.Attributes?.find((a: AttributeType) => a.Name === name)?.Value || undefined;
  return {
    username: user.Username ?? '',
    sub: attribute('sub'),
    email: attribute('email'),
    emailVerified: attribute('email_verified') === 'true',
    preferredUsername: attribute('preferred_username'),
    name: attribute('name'),
    enabled: user.Enabled === true,
    status: user.UserStatus,
  };
}
