import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { assertOneHandlerPerJob, JobName, JobPayloads, OutboxEventEntity, QUEUES } from '@motcua/messaging';
import { NotificationFanOut } from '@motcua/notifications';
import { WebhookFanOut } from '@motcua/webhooks';

type PublishJob = Job<JobPayloads['publish-event'], void, JobName>;

/**
 * Consumes published dossier events: in one transaction it creates the webhook deliveries and the
 * messages the event calls for and marks the event processed, so a redelivered event (at-least-once)
 * has its effects exactly once. The new jobs are queued after commit; their own sweepers cover a crash.
 */
@Processor(QUEUES.outbox, { concurrency: 8 })
export class PublishEventProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(PublishEventProcessor.name);
  private readonly handlers: Partial<Record<JobName, (job: PublishJob) => Promise<void>>> = {
    'publish-event': (job) => this.consume(job.data.eventId),
  };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhookFanOut,
    private readonly notifications: NotificationFanOut,
  ) {
    super();
  }

  onModuleInit(): void {
    assertOneHandlerPerJob([QUEUES.outbox], Object.keys(this.handlers) as JobName[]);
  }

  async process(job: PublishJob): Promise<void> {
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    await handler(job);
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
