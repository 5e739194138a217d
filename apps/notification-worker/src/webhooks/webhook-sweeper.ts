import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dueDeliveries, WebhookJobs } from '@motcua/webhooks';

const SWEEP_EVERY_MS = 10_000;
const BATCH = 500;

/**
 * Queues the deliveries that are due and free to go, every few seconds. Retries are normally woken
 * by delayed jobs; this covers the jobs Redis lost (flushed, failed over) or a crash between commit
 * and queueing, since the schedule lives in PostgreSQL. The job id (delivery + attempt) keeps a
 * backlog from filling with copies; any copy that still runs finds nothing to do.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: WebhookJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepOnce(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<number> {
    const due = await dueDeliveries(this.dataSource.manager, BATCH);
    await this.jobs.deliver(due.map((d) => ({ id: d.id, delayMs: 0, jobId: `sweep-${d.id}-${d.attempts}` })));
    return due.length;
  }

  private async sweepOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep().catch((error) => {
      this.logger.warn({ err: error }, 'webhook sweep failed');
      return 0;
    });
    const count = await this.running;
    this.running = undefined;
    if (count) this.logger.log({ count }, 'queued due webhook deliveries');
  }
}
