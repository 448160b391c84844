import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import { normalizeIp } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../auth/caller.decorator';
import { ApiError } from '../http/api-error';
import { routeMetadata } from '../http/route-metadata';
import { type RateDecision, type RateLimitPolicy, windowSeconds } from './gcra';
import { rateLimitConfig } from './rate-limit.config';
import { RATE_LIMIT, type RouteRateLimit } from './rate-limit.decorator';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store';

interface HeaderSink {
  header(name: string, value: string): unknown;
}

/**
 * Token-bucket limits per route kind (docs/design.md §4), counted per person (the token's Cognito sub)
 * or, without a token, per client address. Runs after AuthGuard, which has verified the token
 * and found the person. Over the limit: 429 `rate_limited` with Retry-After; every limited
 * response carries RateLimit-Policy and RateLimit (IETF httpapi ratelimit-headers draft).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  /** null: the route is not limited. */
  private readonly routeOf: (context: ExecutionContext) => RouteRateLimit | null;

  constructor(
    reflector: Reflector,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(rateLimitConfig.KEY) private readonly config: ConfigType<typeof rateLimitConfig>,
  ) {
    this.routeOf = routeMetadata<RouteRateLimit | null>(reflector, RATE_LIMIT, null);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.routeOf(context);
    if (!route) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { ip?: string }>();
    const sub = request.principal?.sub;
    const name = sub ? route.person : route.anonymous;
    const policy = name && this.config.policies[name];
    if (!policy) return true;
    // Fastify's `request.ip`: the peer's address, as no `trustProxy` is set (see createHttpAdapter).
    const subject = sub ? `person:${sub}` : `address:${normalizeIp(request.ip ?? 'unknown')}`;
    const decision = await this.store.consume(`${policy.name}:${subject}`, policy);
    const response = context.switchToHttp().getResponse<HeaderSink>();
    setRateLimitHeaders(response, policy, decision);
    if (decision.allowed) return true;
    response.header('Retry-After', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
    throw new ApiError(
      429,
      'rate_limited',
      `too many requests (${policy.name}: ${policy.burst} at once, ${policy.perSecond}/s after); retry later`,
    );
  }
}

/** RateLimit-Policy: `"name";q=<burst>;w=<seconds to refill>`; RateLimit: `"name";r=<left>;t=<seconds until full>`. */
export function setRateLimitHeaders(response: HeaderSink, policy: RateLimitPolicy, decision: RateDecision): void {
  response.header('RateLimit-Policy', `"${policy.name}";q=${policy.burst};w=${windowSeconds(policy)}`);
  response.header('RateLimit', `"${policy.name}";r=${decision.remaining};t=${Math.ceil(decision.resetMs / 1000)}`);
}
