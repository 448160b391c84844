import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  paginateListUserPoolClients,
  paginateListUserPools,
} from '@aws-sdk/client-cognito-identity-provider';

/** The one password of every seeded development user (never used outside a local emulator). */
export const DEVELOPMENT_PASSWORD = 'Cruddur-dev-2026!';

export interface PoolPerson {
  email: string;
  handle: string;
  displayName: string;
}

export interface PoolSetup {
  userPoolId: string;
  clientId: string;
  poolCreated: boolean;
  clientCreated: boolean;
  usersCreated: string[];
  usersExisting: string[];
}

/**
 * Idempotently creates a user pool (sign-in by email), an app client allowing
 * USER_PASSWORD_AUTH, and the given people with the development password. Found by name, so
 * running it twice changes nothing.
 */
export async function setupPool(
  client: CognitoIdentityProviderClient,
  {
    poolName,
    clientName,
    people,
    password = DEVELOPMENT_PASSWORD,
  }: {
    poolName: string;
    clientName: string;
    people: PoolPerson[];
    password?: string;
  },
): Promise<PoolSetup> {
  let userPoolId = await findFirst(
    paginateListUserPools({ client }, { MaxResults: 60 }),
    (page) => page.UserPools?.find((pool) => pool.Name === poolName)?.Id,
  );
  const poolCreated = !userPoolId;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({ PoolName: poolName, UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] }),
    );
    userPoolId = created.UserPool?.Id;
    if (!userPoolId) throw new Error('CreateUserPool returned no pool id');
  }

  let clientId = await findFirst(
    paginateListUserPoolClients({ client }, { UserPoolId: userPoolId, MaxResults: 60 }),
    (page) => page.UserPoolClients?.find((appClient) => appClient.ClientName === clientName)?.ClientId,
  );
  const clientCreated = !clientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: clientName,
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = created.UserPoolClient?.ClientId;
    if (!clientId) throw new Error('CreateUserPoolClient returned no client id');
  }

  const usersCreated: string[] = [];
  const usersExisting: string[] = [];
  for (const person of people) {
    if (await userExists(client, userPoolId, person.email)) {
      usersExisting.push(person.handle);
      continue;
    }
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: person.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: person.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'preferred_username', Value: person.handle },
          { Name: 'name', Value: person.displayName },
        ],
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: person.email, Password: password, Permanent: true }),
    );
    usersCreated.push(person.handle);
  }
  return { userPoolId, clientId, poolCreated, clientCreated, usersCreated, usersExisting };
}

/** The first page answer `pick` finds something in, reading no further pages than that. */
async function findFirst<Page, T>(pages: AsyncIterable<Page>, pick: (page: Page) => T | undefined): Promise<T | undefined> {
  for await (const page of pages) {
    const found = pick(page);
    if (found !== undefined) return found;
  }
  return undefined;
}

async function userExists(client: CognitoIdentityProviderClient, userPoolId: string, username: string): Promise<boolean> {
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return false;
    throw error;
  }
}
