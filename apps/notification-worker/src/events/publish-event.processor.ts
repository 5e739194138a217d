import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandlers, JobHandlerWorker, OutboxEventEntity, QUEUES } from '@motcua/messaging';
import { NotificationFanOut } from '@motcua/notifications';
import { WebhookFanOut } from '@motcua/webhooks';

/**
 * Consumes published dossier events: in one transaction it creates the webhook deliveries and the
 * messages the event calls for and marks the event processed, so a redelivered event (at-least-once)
 * has its effects exactly once. The new jobs are queued after commit; their own sweepers cover a crash.
 */
@Processor(QUEUES.outbox, { concurrency: 8 })
export class PublishEventProcessor extends JobHandlerWorker {
  private readonly logger = new Logger(PublishEventProcessor.name);
  protected readonly queue = QUEUES.outbox;
  protected readonly handlers: JobHandlers = {
    'publish-event': (job) => this.consume(job.data.eventId),
  };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhookFanOut,
    private readonly notifications: NotificationFanOut,
  ) {
    super();
  }

  async consume(eventId: string): Promise<void> {
    const afterCommit = await this.dataSource.transaction(async (manager) => {
      const event = await manager.findOne(OutboxEventEntity, { where: { eventId }, lock: { mode: 'pessimistic_write' } });
      if (!event) throw new UnrecoverableError(`outbox event ${eventId} does not exist`);
      if (event.processedAt) return [];
      const queued = [await this.webhooks.fanOut(manager, event), await this.notifications.fanOut(manager, event)];
      event.processedAt = new Date();
      await manager.save(OutboxEventEntity, event);
      return queued;
    });
    for (const enqueue of afterCommit) {
      await enqueue().catch((error) => this.logger.warn({ err: error, eventId }, 'queueing after fan-out failed; the sweeper will retry'));
    }
  }
}
