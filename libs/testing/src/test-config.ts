import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { AppConfig, loadConfig } from '@motcua/config';
import { redisOptions } from '@motcua/messaging';
import { TEST_REDIS_URL } from './test-servers';

/**
 * Configuration for one test file: its own database and its own hash-tagged queue prefix,
 * so files running in parallel share Redis without seeing each other's jobs.
 */
export function testConfig(databaseUrl: string, env: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `{t-${randomBytes(4).toString('hex')}}`,
    ...env,
  });
}

/**
 * Removes, in one atomic step like FLUSHALL, the keys a test file created under its queue prefix
 * (a script may use KEYS; these test databases are small).
 */
export async function clearQueuePrefix(config: AppConfig): Promise<void> {
  const redis = new IORedis(redisOptions(config.redis.url!));
  try {
    await redis.eval(
      "local keys = redis.call('KEYS', ARGV[1]) for i = 1, #keys, 500 do redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys))) end return #keys",
      0,
      `${config.redis.queuePrefix}:*`,
    );
  } finally {
    redis.disconnect();
  }
}
