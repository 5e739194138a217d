import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { QuietlyClosingQueue, QuietlyClosingWorker } from './quiet-close';
import { redisOptions } from './redis';

BullModule.queueClass = QuietlyClosingQueue;
BullModule.workerClass = QuietlyClosingWorker;

/** BullMQ on the configured Redis, with the hash-tagged prefix that keeps queues Cluster-safe. */
@Module({})
export class MessagingModule {
  static forRoot(): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            if (!config.redis.url) throw new Error('REDIS_URL was not resolved before the application started');
            return { connection: redisOptions(config.redis.url), prefix: config.redis.queuePrefix };
          },
        }),
      ],
      exports: [BullModule],
    };
  }
}
