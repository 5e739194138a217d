import { CanActivate, ExecutionContext, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '../problem';
import { clientKey } from './client-key';
import { RATE_LIMIT_POLICY, RateLimitPolicy } from './rate-limit.policy';
import { RateLimiter, RateLimitResult } from './rate-limiter';

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** IETF draft "RateLimit header fields for HTTP" (separate-field form); Reset is seconds from now. */
function setRateLimitHeaders(reply: FastifyReply, result: RateLimitResult): void {
  void reply.headers({
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(seconds(result.resetMs)),
  });
}

function tooManyRequests(policy: RateLimitPolicy, result: RateLimitResult): ProblemException {
  const retryAfter = Math.max(1, seconds(result.resetMs));
  return new ProblemException(
    HttpStatus.TOO_MANY_REQUESTS,
    'too_many_requests',
    'Too many requests',
    `At most ${policy.limit} requests per ${seconds(policy.windowMs)} seconds; try again in ${retryAfter} seconds.`,
    undefined,
    { retryAfter }, // the problem filter turns this into the Retry-After header
  );
}

const limiterUnavailable = () =>
  new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'service_unavailable', 'Service unavailable', 'Try again shortly.', undefined, {
    retryAfter: 1,
  });

/** Applied by @RateLimit: counts the request against its client's budget for the route's policy. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger(RateLimitGuard.name);
  /** Only to log an outage once rather than once per request; the counts themselves live in Redis. */
  private redisFailing = false;

  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<RateLimitPolicy | undefined>(RATE_LIMIT_POLICY, [context.getHandler(), context.getClass()]);
    if (!policy) return true;
    const http = context.switchToHttp();
    const result = await this.count(policy, http.getRequest<FastifyRequest>());
    if (!result) return true;
    setRateLimitHeaders(http.getResponse<FastifyReply>(), result);
    if (!result.allowed) throw tooManyRequests(policy, result);
    return true;
  }

  /** The request's count, or undefined to let it through uncounted when Redis is down and the policy fails open. */
  private async count(policy: RateLimitPolicy, request: FastifyRequest): Promise<RateLimitResult | undefined> {
    try {
      const result = await this.limiter.hit(`${policy.name}:${clientKey(request.ip)}`, policy.limit, policy.windowMs);
      if (this.redisFailing) this.logger.log('Redis answers again; rate limits apply');
      this.redisFailing = false;
      return result;
    } catch (error) {
      if (!this.redisFailing) {
        this.logger.error(
          { err: error },
          policy.failOpen ? 'Redis unavailable: rate limits fail open (requests pass uncounted)' : 'Redis unavailable: rate-limited routes answer 503',
        );
      }
      this.redisFailing = true;
      if (policy.failOpen) return undefined;
      throw limiterUnavailable();
    }
  }
}
