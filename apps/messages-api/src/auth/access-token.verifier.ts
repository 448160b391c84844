import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { CognitoOptions } from '@app/cognito';

/** What a verified Cognito access token tells us. */
export interface VerifiedAccessToken {
  sub: string;
}

export interface AccessTokenVerifier {
  /** Resolves for a valid access token of this pool and app client; rejects otherwise. */
  verify(token: string): Promise<VerifiedAccessToken>;
}

/**
 * JWKS over plain `fetch`, so the same verifier reads the local emulator's http:// JWKS and real
 * Cognito's https:// one. aws-jwt-verify caches the keys and refetches only for an unknown `kid`.
 */
class FetchJwksFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    } catch (error) {
      throw new JwksUnavailableError(`JWKS ${uri} unreachable: ${(error as Error).message}`, { cause: error });
    }
    if (response.status >= 500) throw new JwksUnavailableError(`JWKS ${uri} answered ${response.status}`);
    if (!response.ok) throw new Error(`JWKS ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  }
}

/** The key set could not be fetched: the identity provider is down, not the token bad (a 503, not a 401). */
export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';
}

/**
 * Verifies Cognito access tokens with aws-jwt-verify: RS256 signature against the pool's JWKS,
 * `exp`, `iss` (this pool), `token_use = access` and `client_id` (this app client).
 */
export function createAccessTokenVerifier(options: Required<Pick<CognitoOptions, 'issuer' | 'clientId'>>): AccessTokenVerifier {
  const verifier = JwtVerifier.create(
    {
      issuer: options.issuer,
      jwksUri: `${options.issuer}/.well-known/jwks.json`,
      audience: null,
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: options.clientId }),
    },
    { jwksCache: new SimpleJwksCache({ fetcher: new FetchJwksFetcher() }) },
  );
  return {
    async verify(token) {
      const payload = await verifier.verify(token);
      if (typeof payload.sub !== 'string') throw new Error('token has no sub');
      return { sub: payload.sub };
    },
  };
}
