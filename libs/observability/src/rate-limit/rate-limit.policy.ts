/** Route metadata key under which @RateLimit stores its policy. */
export const RATE_LIMIT_POLICY = 'motcua:rate-limit';

/** A public read's budget unless the route says otherwise: 30 requests per minute per client. */
export const DEFAULT_RATE_LIMIT = { limit: 30, windowMs: 60_000 } as const;

export interface RateLimitOptions {
  /** Names the budget in Redis keys; routes with the same name share one budget per client. */
  name: string;
  limit?: number;
  windowMs?: number;
  /**
   * When Redis cannot answer: true lets the request through (logged) — right for public reads, where
   * an outage of the counter must not become an outage of the service; false answers 503.
   */
  failOpen?: boolean;
}

export type RateLimitPolicy = Required<RateLimitOptions>;

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Fills the defaults and checks the policy when the decorator runs (start-up), never per request. */
export function rateLimitPolicy(options: RateLimitOptions): RateLimitPolicy {
  const policy = { ...DEFAULT_RATE_LIMIT, failOpen: true, ...options };
  if (!NAME.test(policy.name)) throw new Error(`@RateLimit: name "${policy.name}" must match ${NAME}`);
  if (!Number.isInteger(policy.limit) || policy.limit < 1) throw new Error(`@RateLimit(${policy.name}): limit must be a positive integer`);
  if (!Number.isInteger(policy.windowMs) || policy.windowMs < 1000) {
    throw new Error(`@RateLimit(${policy.name}): windowMs must be a whole number of milliseconds, at least 1000`);
  }
  return policy;
}
