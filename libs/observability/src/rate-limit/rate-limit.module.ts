import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { redisOptions } from '@motcua/messaging';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';

/** The Redis-backed limiter behind @RateLimit; import it in the module whose controllers use the decorator. */
@Module({
  providers: [
    {
      provide: RateLimiter,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.redis.url) throw new Error('REDIS_URL was not resolved before the application started');
        // Under the deployment's hash-tagged prefix: test files (one prefix each) never share budgets.
        return new RateLimiter({ redis: redisOptions(config.redis.url), keyPrefix: `${config.redis.queuePrefix}:ratelimit:` });
      },
    },
    RateLimitGuard,
  ],
  exports: [RateLimiter, RateLimitGuard],
})
export class RateLimitModule {}
