import {
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';

/** Largest page ListUsers returns. */
export const LIST_USERS_PAGE_SIZE = 60;

/** A Cognito user reduced to what the sync needs; missing attributes are undefined. */
export interface CognitoUser {
  username: string;
  sub?: string;
  email?: string;
  preferredUsername?: string;
  name?: string;
}

/** Every user of a pool, following ListUsers' PaginationToken to the last page. */
export async function* listAllUsers(
  client: Pick<CognitoIdentityProviderClient, 'send'>,
  userPoolId: string,
): AsyncGenerator<CognitoUser> {
  let paginationToken: string | undefined;
  do {
    const page = await client.send(
      new ListUsersCommand({ UserPoolId: userPoolId, Limit: LIST_USERS_PAGE_SIZE, PaginationToken: paginationToken }),
    );
    for (const user of page.Users ?? []) yield toCognitoUser(user);
    paginationToken = page.PaginationToken;
  } while (paginationToken);
}

export function toCognitoUser(user: UserType): CognitoUser {
  const attribute = (name: string) => user.Attributes?.find((a: AttributeType) => a.Name === name)?.Value || undefined;
  return {
    username: user.Username ?? '',
    sub: attribute('sub'),
    email: attribute('email'),
    preferredUsername: attribute('preferred_username'),
    name: attribute('name'),
  };
}
