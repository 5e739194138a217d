import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobPayloads, QUEUES } from '@motcua/messaging';
import type { QueuedDelivery } from './delivery-queries';

/**
 * A job only wakes a delivery; the row decides whether it is due and its turn, so a duplicate or
 * early job does nothing. The job retries only on our own faults (database down); HTTP failures are
 * retried by the delivery's schedule.
 */
export const DELIVER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: 1000,
} as const;

@Injectable()
export class WebhookJobs {
  constructor(@InjectQueue(QUEUES.webhooks) private readonly queue: Queue<JobPayloads['deliver-webhook']>) {}

  /** Queues deliveries, each after its delay; a jobId makes a repeated call (the sweeper's) queue it once. */
  async deliver(deliveries: (QueuedDelivery & { jobId?: string })[]): Promise<void> {
    if (!deliveries.length) return;
    await this.queue.addBulk(
      deliveries.map((d) => ({
        name: 'deliver-webhook' as const,
        data: { deliveryId: d.id },
        opts: { ...DELIVER_JOB_OPTIONS, delay: d.delayMs > 0 ? d.delayMs : undefined, jobId: d.jobId },
      })),
    );
  }
}
