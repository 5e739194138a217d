import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import IORedis, { RedisOptions } from 'ioredis';
import { Batcher } from '@motcua/messaging';

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
  /** How long a request waits for Redis (counting its wait for a call to carry it) before the caller treats Redis as down. */
  commandTimeoutMs?: number;
}

/**
 * Fixed window that starts at a key's first hit: INCR, and give the key its lifetime if it has none.
 * One script, so concurrent hits from every API replica count exactly (no read-then-write race).
 * Checking PTTL < 0 rather than count == 1 also heals a key that somehow lost its expiry.
 * Counts the hits of several requests at once: KEYS are their keys, ARGV their windows in
 * milliseconds; returns {count, milliseconds left in the window} for each, flattened. (The keys
 * share the deployment's hash-tagged prefix, so on Redis Cluster they live on one slot.)
 */
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[i])
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  out[2 * i - 1] = count
  out[2 * i] = ttl
end
return out
`;

type RedisWithHits = IORedis & { rateLimitHits(keyCount: number, ...keysThenWindows: (string | number)[]): Promise<number[]> };

interface Hit {
  key: string;
  windowMs: number;
}

/** Hits counted by one script call at most, and calls under way at once. */
const MAX_HITS_PER_CALL = 64;
const MAX_CALLS_AT_ONCE = 2;

const CONNECT_WAIT_MS = 2000;
const COMMAND_TIMEOUT_MS = 500;

/**
 * Counts requests per key in Redis; no state in process memory, so every API replica shares one budget.
 * `hit` rejects when Redis cannot answer: whether to fail open or closed is the caller's policy.
 */
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: RedisWithHits;
  /** Requests that arrive while earlier hits are on their way share the next call. */
  private readonly hits: Batcher<Hit, [count: number, ttlMs: number]>;

  constructor(private readonly options: RateLimiterOptions) {
    const timeoutMs = options.commandTimeoutMs ?? COMMAND_TIMEOUT_MS;
    this.hits = new Batcher((hits) => this.count(hits), MAX_HITS_PER_CALL, MAX_CALLS_AT_ONCE, timeoutMs);
    this.redis = new IORedis({
      ...options.redis,
      lazyConnect: true,
      // No offline queue and one short timeout: while Redis is away a request must learn it at once,
      // not wait for a reconnect (the shared BullMQ options wait forever, which suits workers only).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs,
    }) as RedisWithHits;
    this.redis.on('error', () => undefined); // reported per request by the caller; ioredis keeps reconnecting
    this.redis.defineCommand('rateLimitHits', { lua: HIT_SCRIPT });
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
    const [count, ttl] = await this.hits.add({ key: this.options.keyPrefix + key, windowMs });
    return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetMs: Math.max(0, ttl) };
  }

  private async count(hits: Hit[]): Promise<[number, number][]> {
    const counted = await this.redis.rateLimitHits(hits.length, ...hits.map((hit) => hit.key), ...hits.map((hit) => hit.windowMs));
    return hits.map((_, i) => [counted[2 * i], counted[2 * i + 1]]);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
