/** One rate limit: a bucket of `burst` requests refilled at `perSecond`. */
export interface RateLimitPolicy {
  /** Named in the RateLimit-Policy / RateLimit headers. */
  name: string;
  perSecond: number;
  burst: number;
}

/** The answer for one request. */
export interface RateDecision {
  allowed: boolean;
  /** Requests left in the bucket after this one. */
  remaining: number;
  /** When refused: milliseconds until one request would be allowed. */
  retryAfterMs: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
}

/**
 * GCRA (the generic cell rate algorithm, a token bucket kept as one number): `tat` is the
 * theoretical arrival time, when the bucket will be full again. A request is allowed while that
 * stays within `burst` emission intervals of now. Returns the decision and the new `tat` to store.
 * The Redis store runs the same arithmetic in Lua; keep the two in step.
 */
export function gcra(storedTat: number | undefined, now: number, policy: RateLimitPolicy): { decision: RateDecision; tat: number } {
  const interval = 1000 / policy.perSecond;
  const capacity = policy.burst * interval;
  const tat = Math.max(storedTat ?? now, now);
  const next = tat + interval;
  if (next - now > capacity) {
    return {
      decision: { allowed: false, remaining: 0, retryAfterMs: Math.ceil(next - capacity - now), resetMs: Math.ceil(tat - now) },
      tat,
    };
  }
  return {
    decision: {
      allowed: true,
      remaining: Math.floor((capacity - (next - now)) / interval),
      retryAfterMs: 0,
      resetMs: Math.ceil(next - now),
    },
    tat: next,
  };
}

/** The quota window of a policy in the draft's terms: how long a full bucket takes to refill. */
export function windowSeconds(policy: RateLimitPolicy): number {
  return Math.ceil(policy.burst / policy.perSecond);
}
