import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { migrationsUpToDate } from '@motcua/database';
import { redisOptions, withTimeout } from '@motcua/messaging';

const CHECK_TIMEOUT_MS = 2000;

const answered = <T>(promise: Promise<T>, what: string): Promise<T> => withTimeout(promise, CHECK_TIMEOUT_MS, what);

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
      await answered(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async redisPing() {
    const check = this.indicators.check('redis');
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect().catch(() => undefined);
      await answered(this.redis.ping(), 'Redis');
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async migrations() {
    const check = this.indicators.check('migrations');
    try {
      return (await answered(migrationsUpToDate(this.dataSource), 'PostgreSQL')) ? check.up() : check.down({ message: 'migrations pending' });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
