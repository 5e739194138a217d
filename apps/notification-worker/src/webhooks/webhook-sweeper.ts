import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicSweeper } from '@motcua/messaging';
import { dueDeliveries, WebhookJobs } from '@motcua/webhooks';

const SWEEP_EVERY_MS = 10_000;
/**
 * A delivery due this long ago and still waiting has probably lost its job. Anything younger may
 * just be behind other jobs in the queue: queueing it again would only add work to a busy queue.
 */
const OVERDUE_AFTER_MS = 15_000;
const BATCH = 500;

/**
 * Queues the deliveries that are overdue and free to go, every few seconds. Retries are normally woken
 * by delayed jobs; this covers the jobs Redis lost (flushed, failed over) or a crash between commit
 * and queueing, since the schedule lives in PostgreSQL. The job id (delivery + attempt) keeps a
 * backlog from filling with copies; any copy that still runs finds nothing to do.
 */
@Injectable()
export class WebhookSweeper extends PeriodicSweeper {
  protected readonly everyMs = SWEEP_EVERY_MS;
  protected readonly doneMessage = 'queued due webhook deliveries';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: WebhookJobs,
  ) {
    super();
  }

  async sweep(overdueAfterMs = OVERDUE_AFTER_MS): Promise<number> {
    const due = await dueDeliveries(this.dataSource.manager, BATCH, overdueAfterMs);
    await this.jobs.deliver(due.map((d) => ({ id: d.id, delayMs: 0, jobId: `sweep-${d.id}-${d.attempts}` })));
    return due.length;
  }
}
