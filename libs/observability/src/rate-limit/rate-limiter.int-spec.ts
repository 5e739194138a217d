import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { redisOptions } from '@motcua/messaging';
import { TEST_REDIS_URL } from '@motcua/testing';
import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../problem';
import { RateLimit } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';

// These tests provoke the outage warnings on purpose; keep the run's output readable.
Logger.overrideLogger(false);

describe('RateLimiter on the real Redis', () => {
  const keyPrefix = `{t-${randomBytes(4).toString('hex')}}:ratelimit:`;
  const limiter = new RateLimiter({ redis: redisOptions(TEST_REDIS_URL), keyPrefix });

  beforeAll(() => limiter.connect());
  afterAll(async () => {
    const redis = new IORedis(redisOptions(TEST_REDIS_URL));
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    limiter.onModuleDestroy();
  });

  it('allows the limit, then refuses, counting down what remains', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit('sequential', 3, 60_000));
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([[true, 2], [true, 1], [true, 0], [false, 0]]);
    expect(results[3].limit).toBe(3);
    expect(results[3].resetMs).toBeGreaterThan(55_000);
    expect(results[3].resetMs).toBeLessThanOrEqual(60_000);
  });

  it('counts concurrent hits exactly (one atomic script, no read-then-write race)', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => limiter.hit('concurrent', 10, 60_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it('gives concurrent hits on different keys, counted together, each its own count and window', async () => {
    const results = await Promise.all([
      limiter.hit('together-a', 5, 60_000),
      limiter.hit('together-b', 1, 10_000),
      limiter.hit('together-a', 5, 60_000),
      limiter.hit('together-b', 1, 10_000),
      limiter.hit('together-c', 2, 30_000),
    ]);
    expect(results.map((r) => [r.allowed, r.remaining])).toEqual([[true, 4], [true, 0], [true, 3], [false, 0], [true, 1]]);
    expect(results[1].resetMs).toBeLessThanOrEqual(10_000);
    expect(results[4].resetMs).toBeGreaterThan(10_000);
    expect(results[4].resetMs).toBeLessThanOrEqual(30_000);
  });

  it('gives a whole budget again when the window ends', async () => {
    expect((await limiter.hit('short', 1, 1000)).allowed).toBe(true);
    expect((await limiter.hit('short', 1, 1000)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await limiter.hit('short', 1, 1000)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('rejects at once, rather than waiting, when Redis is unreachable', async () => {
    // disconnectTimeout: ioredis otherwise waits 2 s for the close of a socket that never opened.
    const unreachable = new RateLimiter({ redis: { ...redisOptions('redis://127.0.0.1:1'), disconnectTimeout: 10 }, keyPrefix });
    await unreachable.connect();
    const started = Date.now();
    await expect(unreachable.hit('down', 3, 60_000)).rejects.toThrow();
    // Bounded by the command timeout, not by ioredis reconnecting for ever.
    expect(Date.now() - started).toBeLessThan(5000);
    unreachable.onModuleDestroy();
  });
});

describe('RateLimitGuard when Redis is down', () => {
  class Routes {
    @RateLimit({ name: 'public-read' })
    publicRead() {}

    @RateLimit({ name: 'sensitive', failOpen: false })
    sensitive() {}
  }
  const keyPrefix = `{t-${randomBytes(4).toString('hex')}}:ratelimit:`;
  const unreachable = new RateLimiter({ redis: { ...redisOptions('redis://127.0.0.1:1'), disconnectTimeout: 10 }, keyPrefix });
  const guard = new RateLimitGuard(new Reflector(), unreachable);
  const headers: Record<string, string> = {};
  const contextFor = (handler: () => void) =>
    ({
      getHandler: () => handler,
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => ({ ip: '203.0.113.7' }), getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }) }),
    }) as unknown as ExecutionContext;

  beforeAll(() => unreachable.connect());
  afterAll(() => unreachable.onModuleDestroy());

  it('lets a public read through uncounted (fail open), without RateLimit headers', async () => {
    await expect(guard.canActivate(contextFor(Routes.prototype.publicRead))).resolves.toBe(true);
    expect(headers).toEqual({});
  });

  it('answers 503 for a policy that fails closed', async () => {
    const refused = guard.canActivate(contextFor(Routes.prototype.sensitive));
    await expect(refused).rejects.toBeInstanceOf(ProblemException);
    await expect(refused).rejects.toMatchObject({ status: 503, code: 'service_unavailable' });
  });
});
