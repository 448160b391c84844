import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Signs arbitrary claims as the Cognito emulator would (RS256, kid "CognitoLocal", its own
 * published key), so tests can present tokens Cognito would never hand out: expired, for another
 * pool or client, an ID token. `foreignKey` signs with a key the JWKS does not hold; `kid` names
 * a key id the JWKS may not list.
 */
export function forgeToken(claims: Record<string, unknown>, { foreignKey = false, kid = 'CognitoLocal' } = {}): string {
  const header = { alg: 'RS256', typ: 'JWT', kid };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const key = foreignKey ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : emulatorKey();
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

function emulatorKey() {
  const { jwk } = JSON.parse(readFileSync(require.resolve('cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8'));
  return createPrivateKey({ key: jwk, format: 'jwk' });
}

/** The claims of a token (no verification: for building variants of a real one). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
