import { Controller, Get, Inject, OnModuleDestroy, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Queue } from 'bullmq';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { ALL_QUEUES, QueueName, QuietlyClosingQueue, redisOptions } from '@motcua/messaging';
import { notFoundProblem } from '@motcua/observability';
import { Roles } from '../../auth/auth.decorators';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused'] as const;

class FailedJobsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

class QueueParam {
  @IsIn(ALL_QUEUES as readonly string[], { message: `queue must be one of ${ALL_QUEUES.join(', ')}` })
  queue: QueueName;
}

/**
 * The queue dashboard for administrators: how much work waits, runs, is delayed or failed in each
 * queue, the failed jobs with their reasons, and a retry. Jobs carry ids only; the work itself is in
 * PostgreSQL, where the sweepers find it again even if a job is lost.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('admin/queues')
export class AdminQueuesController implements OnModuleDestroy {
  private readonly queues: Map<QueueName, Queue>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const connection = redisOptions(config.redis.url!);
    this.queues = new Map(ALL_QUEUES.map((name) => [name, new QuietlyClosingQueue(name, { connection, prefix: config.redis.queuePrefix })]));
  }

  @Get()
  @ApiOkResponse({ description: '{ items: [{ queue, counts: { waiting, active, delayed, failed, completed, paused } }] }' })
  async overview() {
    const items = await Promise.all(
      [...this.queues].map(async ([queue, q]) => ({ queue, counts: await q.getJobCounts(...STATES) })),
    );
    return { items };
  }

  @Get(':queue/failed')
  async failed(@Param() { queue }: QueueParam, @Query() { limit }: FailedJobsQuery) {
    const jobs = await this.queue(queue).getFailed(0, limit - 1);
    return {
      items: jobs.map((job) => ({
        id: job.id,
        name: job.name,
        data: job.data,
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason,
        finishedOn: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      })),
    };
  }

  @Post(':queue/failed/retry')
  async retryFailed(@Param() { queue }: QueueParam) {
    const failed = await this.queue(queue).getFailed(0, 999);
    await Promise.all(failed.map((job) => job.retry()));
    return { retried: failed.length };
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw notFoundProblem('queue', `No queue ${name}.`);
    return queue;
  }
}
