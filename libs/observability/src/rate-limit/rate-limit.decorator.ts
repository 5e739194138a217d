import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_POLICY, RateLimitOptions, rateLimitPolicy } from './rate-limit.policy';

/**
 * Limits a route (or every route of a controller) per client IP, counted in Redis so all API replicas share
 * the budget. Every answer carries RateLimit-Limit/-Remaining/-Reset; over budget → 429 `too_many_requests`
 * with Retry-After. The module declaring the route must import RateLimitModule.
 */
export function RateLimit(options: RateLimitOptions) {
  const policy = rateLimitPolicy(options);
  return applyDecorators(
    SetMetadata(RATE_LIMIT_POLICY, policy),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({
      description: `too_many_requests: more than ${policy.limit} requests in ${policy.windowMs / 1000} s from one client; see Retry-After`,
    }),
  );
}
