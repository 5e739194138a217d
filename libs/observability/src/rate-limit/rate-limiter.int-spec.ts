import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { redisOptions } from '@motcua/messaging';
import { TEST_REDIS_URL } from '@motcua/testing';
import { RateLimiter } from './rate-limiter';

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

  it('gives a whole budget again when the window ends', async () => {
    expect((await limiter.hit('short', 1, 1000)).allowed).toBe(true);
    expect((await limiter.hit('short', 1, 1000)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await limiter.hit('short', 1, 1000)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('rejects at once, rather than waiting, when Redis is unreachable', async () => {
    const unreachable = new RateLimiter({ redis: redisOptions('redis://127.0.0.1:1'), keyPrefix });
    await unreachable.connect();
    const started = Date.now();
    await expect(unreachable.hit('down', 3, 60_000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    unreachable.onModuleDestroy();
  });
});
