import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoOptions } from '@app/cognito';

/** A Cognito Identity Provider client for the emulator (fixed local credentials) or real AWS. */
export function createCognitoClient(options: Pick<CognitoOptions, 'endpoint' | 'region'>): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 10_000 },
  });
}
