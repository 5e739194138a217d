import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobPayloads, QUEUES } from '@motcua/messaging';

/** One job for one attempt of one message. */
export interface SendJob {
  messageId: string;
  /** The attempt this job is for (message.attempts + 1). */
  attempt: number;
  delayMs?: number;
  correlationId?: string;
}

/**
 * BullMQ only wakes the sender: the message row says whether an attempt is due. BullMQ's own
 * retries cover a crash of the handler (e.g. PostgreSQL unreachable), not a provider's refusal,
 * which the sender records and re-queues with its own backoff.
 */
export const SEND_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: 5000,
} as const;

/** Job id per message and attempt: queueing the same attempt twice (sender and sweeper) queues it once. */
export const sendJobId = (messageId: string, attempt: number) => `${messageId}-a${attempt}`;

@Injectable()
export class NotificationQueue {
  constructor(@InjectQueue(QUEUES.notifications) private readonly queue: Queue<JobPayloads['send-notification']>) {}

  async enqueue(jobs: SendJob[]): Promise<void> {
    if (!jobs.length) return;
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: 'send-notification' as const,
        data: { messageId: job.messageId, correlationId: job.correlationId },
        opts: { ...SEND_JOB_OPTIONS, jobId: sendJobId(job.messageId, job.attempt), delay: job.delayMs && job.delayMs > 0 ? Math.round(job.delayMs) : undefined },
      })),
    );
  }
}
