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

/** Removes the keys a test file created under its queue prefix. */
export async function clearQueuePrefix(config: AppConfig): Promise<void> {
  const redis = new IORedis(redisOptions(config.redis.url!));
  try {
    const pattern = `${config.redis.queuePrefix}:*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
