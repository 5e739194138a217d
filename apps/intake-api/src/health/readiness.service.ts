import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { migrationsUpToDate } from '@motcua/database';
import { redisOptions } from '@motcua/messaging';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/** Readiness indicators: PostgreSQL answers, Redis answers, every migration applied. */
@Injectable()
export class ReadinessIndicators implements OnModuleDestroy {
  private readonly redis: IORedis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Its own connection with no offline queue: a check must fail fast, not wait for a reconnect.
    this.redis = new IORedis({ ...redisOptions(config.redis.url!), lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  async postgres() {
    const check = this.indicators.check('postgres');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async redisPing() {
    const check = this.indicators.check('redis');
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect().catch(() => undefined);
      await withTimeout(this.redis.ping(), 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async migrations() {
    const check = this.indicators.check('migrations');
    try {
      return (await withTimeout(migrationsUpToDate(this.dataSource), 'PostgreSQL')) ? check.up() : check.down({ message: 'migrations pending' });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
