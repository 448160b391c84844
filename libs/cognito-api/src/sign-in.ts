import { type CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';

/** Signs a person in with USER_PASSWORD_AUTH and returns their access token (for curl and tests). */
export async function signIn(client: CognitoIdentityProviderClient, clientId: string, username: string, password: string): Promise<string> {
  const output = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const token = output.AuthenticationResult?.AccessToken;
  if (!token) throw new Error(`no access token for ${username} (challenge: ${output.ChallengeName ?? 'none'})`);
  return token;
}
