import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { AppConfig } from '@motcua/config';
import { startEmbeddedPostgres } from '@motcua/database';
import { redisAnswers } from '@motcua/messaging';
import { redactUrl, StartupError } from './startup-error';

export interface Infrastructure {
  /** The configuration with DATABASE_URL and REDIS_URL resolved. */
  config: AppConfig;
  /** Stops what this process started (embedded PostgreSQL, a development redis-server). */
  stop(): Promise<void>;
}

type Log = (message: string) => void;

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const DEVELOPMENT_REDIS_PORT = 6380;

async function checkPostgres(url: string, attempts: number): Promise<void> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = error;
      if (attempt < attempts) await sleep(1000);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const reason = (lastError as { code?: string; message?: string })?.code ?? (lastError as Error)?.message;
  throw new StartupError(
    `Cannot reach PostgreSQL at ${redactUrl(url)} (${reason}). ` +
      'Check DATABASE_URL and that the server is running; in development, unset DATABASE_URL to use the embedded PostgreSQL.',
  );
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function startDevelopmentRedis(dataDir: string, log: Log): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = `redis://127.0.0.1:${DEVELOPMENT_REDIS_PORT}`;
  if (await redisAnswers(url)) {
    log(`using the development redis-server already running on port ${DEVELOPMENT_REDIS_PORT}`);
    return { url, stop: async () => undefined };
  }
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(DEVELOPMENT_REDIS_PORT), '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url, 200)) {
      log(`started redis-server on 127.0.0.1:${DEVELOPMENT_REDIS_PORT} with its data in ${dir}`);
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
        },
      };
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new StartupError(`redis-server did not start on port ${DEVELOPMENT_REDIS_PORT}; see ${dir}`);
}

async function resolveRedis(config: AppConfig, log: Log): Promise<{ url: string; stop: () => Promise<void> }> {
  const none = { stop: async () => undefined };
  if (config.redis.url) {
    if (!(await redisAnswers(config.redis.url, 3000))) {
      throw new StartupError(`Cannot reach Redis at ${redactUrl(config.redis.url)}. Check REDIS_URL and that the server is running.`);
    }
    return { url: config.redis.url, ...none };
  }
  if (await redisAnswers(DEFAULT_REDIS_URL)) return { url: DEFAULT_REDIS_URL, ...none };
  if (hasRedisServer()) return startDevelopmentRedis(config.paths.dataDir, log);
  throw new StartupError(
    'No Redis: REDIS_URL is unset, nothing answers on 127.0.0.1:6379 and redis-server is not on PATH. ' +
      'Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
  );
}

/**
 * Finds or starts PostgreSQL and Redis: the configured servers when URLs are given
 * (production, docker), otherwise the development defaults described in README.
 */
export async function resolveInfrastructure(config: AppConfig, log: Log): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  let databaseUrl = config.database.url;
  if (databaseUrl) {
    await checkPostgres(databaseUrl, 5);
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: config.paths.dataDir, port: config.database.embeddedPort, log });
    databaseUrl = embedded.url;
    stops.push(() => embedded.stop());
  }
  const redis = await resolveRedis(config, log);
  stops.push(redis.stop);
  return {
    config: { ...config, database: { ...config.database, url: databaseUrl }, redis: { ...config.redis, url: redis.url } },
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
