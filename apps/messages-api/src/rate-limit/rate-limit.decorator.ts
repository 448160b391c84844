import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorResponse } from '../http/message.response';
import type { RateLimitName } from './rate-limit.config';

/** Metadata key of a route's rate limits. */
export const RATE_LIMIT = 'messages-api:rate-limit';

export interface RouteRateLimit {
  /** The limit of a signed-in caller, counted per person. */
  person: Exclude<RateLimitName, 'anonymous'>;
  /** For routes callable without a token: the limit of such callers, counted per client address. */
  anonymous?: 'anonymous';
}

/**
 * Rate-limits a route (see RateLimitGuard) and documents its 429 in the OpenAPI page.
 * @example RateLimit({ person: 'reads', anonymous: 'anonymous' })
 */
export function RateLimit(limit: RouteRateLimit) {
  return applyDecorators(
    SetMetadata(RATE_LIMIT, limit),
    ApiTooManyRequestsResponse({
      type: ErrorResponse,
      description: `over the ${limit.person} limit${limit.anonymous ? ' (per client address without a token)' : ' (per person)'}: \`rate_limited\``,
      headers: {
        'Retry-After': { description: 'seconds until a request would be allowed', schema: { type: 'integer' } },
        'RateLimit-Policy': { description: 'e.g. `"sends";q=20;w=4` (IETF httpapi ratelimit-headers draft)', schema: { type: 'string' } },
        RateLimit: { description: 'e.g. `"sends";r=0;t=4`: requests left, seconds until the bucket is full', schema: { type: 'string' } },
      },
    }),
  );
}
