import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import IORedis, { RedisOptions } from 'ioredis';

/** The outcome of counting one request against a budget. */
export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window (0 once the budget is spent). */
  remaining: number;
  /** Milliseconds until the window ends and the budget is whole again. */
  resetMs: number;
}

export interface RateLimiterOptions {
  redis: RedisOptions;
  /** Prepended to every key, e.g. `{motcua}:ratelimit:`; keeps deployments and test files apart. */
  keyPrefix: string;
  /** How long a request waits for Redis before the caller treats Redis as down. */
  commandTimeoutMs?: number;
}

/**
 * Fixed window that starts at a key's first hit: INCR, and give the key its lifetime if it has none.
 * One script, so concurrent hits from every API replica count exactly (no read-then-write race).
 * Checking PTTL < 0 rather than count == 1 also heals a key that somehow lost its expiry.
 * Returns {count, milliseconds left in the window}.
 */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

type RedisWithHit = IORedis & { rateLimitHit(key: string, windowMs: number): Promise<[number, number]> };

const CONNECT_WAIT_MS = 2000;

/**
 * Counts requests per key in Redis; no state in process memory, so every API replica shares one budget.
 * `hit` rejects when Redis cannot answer: whether to fail open or closed is the caller's policy.
 */
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: RedisWithHit;

  constructor(private readonly options: RateLimiterOptions) {
    this.redis = new IORedis({
      ...options.redis,
      lazyConnect: true,
      // No offline queue and one short timeout: while Redis is away a request must learn it at once,
      // not wait for a reconnect (the shared BullMQ options wait forever, which suits workers only).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      // Hits from concurrent requests in the same tick share one write to Redis.
      enableAutoPipelining: true,
    }) as RedisWithHit;
    this.redis.on('error', () => undefined); // reported per request by the caller; ioredis keeps reconnecting
    this.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  /** Connects before the first request (without an offline queue, an early request would find no connection). */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  /** Waits a little for Redis; never throws, so a Redis outage at start-up does not stop the API. */
  async connect(): Promise<void> {
    if (this.redis.status !== 'wait') return;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref());
    await Promise.race([this.redis.connect(), timeout]).catch((error: Error) => {
      this.logger.warn(`Redis for rate limits is not reachable yet (${error.message}); limits fail open until it is`);
    });
  }

  /** Counts one request under `key`; `limit` requests are allowed per `windowMs`. */
  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const [count, ttl] = await this.redis.rateLimitHit(this.options.keyPrefix + key, windowMs);
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: Math.max(0, ttl) };
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
