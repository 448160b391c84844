import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwtExpiredError,
  JwtInvalidClaimError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { RefreshingJwksCache } from './jwks-cache';
import { CodedError } from '@app/common';

/** What a verified Cognito access token tells us. */
export interface VerifiedAccessToken {
  /** The Cognito user's id: always UUID-shaped. */
  sub: string;
}

export interface AccessTokenVerifier {
  /** Resolves for a valid access token of this pool and app client; rejects with TokenRejectedError or JwksUnavailableError. */
  verify(token: string): Promise<VerifiedAccessToken>;
}

/** Why a token was refused: `token_expired` tells a client to refresh; `unauthorized` that the token is no good. */
export class TokenRejectedError extends CodedError {
  constructor(
    readonly code: 'token_expired' | 'unauthorized',
    /** A few words for the client, never the token's contents. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** The key set could not be fetched: the identity provider is down, not the token bad (a 503, not a 401). */
export class JwksUnavailableError extends CodedError {
  readonly code = 'auth_unavailable';
  override readonly retryable = true;
}

export interface AccessTokenVerifierOptions {
  issuer: string;
  clientId: string;
  jwksMaxAgeMs: number;
  jwksRefetchIntervalMs: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * JWKS over plain `fetch`, so the same verifier reads the local emulator's http:// JWKS and real
 * Cognito's https:// one.
 */
class FetchJwksFetcher implements Fetcher {
  async fetch(uri: string): Promise<ArrayBuffer> {
    let response: Response;
    try {
      response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    } catch (error) {
      throw new JwksUnavailableError(`JWKS ${uri} unreachable: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new JwksUnavailableError(`JWKS ${uri} answered ${response.status}`);
    return response.arrayBuffer();
  }
}

/**
 * Verifies Cognito access tokens with aws-jwt-verify: RS256 signature against the pool's JWKS,
 * `exp` (required: a token without one would never expire), `iss` (this pool),
 * `token_use = access`, `client_id` (this app client), and a UUID-shaped `sub` (what Cognito
 * issues; anything else is refused here rather than passed on to the users service).
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const jwksCache = new RefreshingJwksCache({
    fetcher: new FetchJwksFetcher(),
    maxAgeMs: options.jwksMaxAgeMs,
    minRefetchIntervalMs: options.jwksRefetchIntervalMs,
  });
  const verifier = JwtVerifier.create(
    {
      issuer: options.issuer,
      jwksUri: `${options.issuer}/.well-known/jwks.json`,
      audience: null,
      customJwtCheck: ({ payload }) => {
        if (typeof payload.exp !== 'number') throw new TokenRejectedError('unauthorized', 'token has no expiry');
        if (typeof payload.sub !== 'string' || !UUID.test(payload.sub))
          throw new TokenRejectedError('unauthorized', 'token has no valid subject');
        validateCognitoJwtFields(payload, { tokenUse: 'access', clientId: options.clientId });
      },
    },
    { jwksCache },
  );
  return {
    async verify(token) {
      try {
        const payload = await verifier.verify(token);
        return { sub: payload.sub as string };
      } catch (error) {
        throw classify(error);
      }
    },
  };
}

/**
 * aws-jwt-verify's errors, told apart by class (the library leaves every `name` as "Error").
 * A key set that cannot be fetched is an outage; everything else is the token's fault.
 */
function classify(error: unknown): Error {
  if (error instanceof TokenRejectedError || error instanceof JwksUnavailableError) return error;
  if (error instanceof FetchError) return new JwksUnavailableError(error.message, { cause: error });
  const rejected = (code: TokenRejectedError['code'], reason: string) => new TokenRejectedError(code, reason, { cause: error });
  if (error instanceof JwtExpiredError) return rejected('token_expired', 'the access token has expired');
  if (error instanceof JwtNotBeforeError) return rejected('unauthorized', 'not valid yet');
  if (error instanceof JwtInvalidIssuerError) return rejected('unauthorized', 'issued by another user pool');
  if (error instanceof CognitoJwtInvalidClientIdError) return rejected('unauthorized', 'issued to another app client');
  if (error instanceof CognitoJwtInvalidTokenUseError) return rejected('unauthorized', 'not an access token');
  if (error instanceof JwtInvalidSignatureError || error instanceof JwtInvalidSignatureAlgorithmError)
    return rejected('unauthorized', 'bad signature');
  // After a key-set miss the library's penalty box refuses the kid for a while: still an unknown key.
  if (
    error instanceof KidNotFoundInJwksError ||
    error instanceof JwtWithoutValidKidError ||
    error instanceof WaitPeriodNotYetEndedJwkError
  ) {
    return rejected('unauthorized', 'signed with an unknown key');
  }
  if (error instanceof JwtParseError) return rejected('unauthorized', 'malformed');
  if (error instanceof JwtInvalidClaimError) return rejected('unauthorized', 'invalid claims');
  return rejected('unauthorized', 'rejected');
}
