import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { assertOneHandlerPerJob, JobName, JobPayloads, QUEUES } from '@motcua/messaging';
import { MessageSender } from '@motcua/notifications';

type SendJob = Job<JobPayloads['send-notification'], void, JobName>;

/**
 * One attempt at one message per job; the message row decides whether an attempt is due, so a
 * duplicate or late job does nothing. Each message retries on its own schedule (see MessageSender).
 */
@Processor(QUEUES.notifications, { concurrency: 8 })
export class SendNotificationProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers: Partial<Record<JobName, (job: SendJob) => Promise<void>>> = {
    'send-notification': (job) => this.sender.send(job.data.messageId),
  };

  constructor(private readonly sender: MessageSender) {
    super();
  }

  onModuleInit(): void {
    assertOneHandlerPerJob([QUEUES.notifications], Object.keys(this.handlers) as JobName[]);
  }

  async process(job: SendJob): Promise<void> {
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    await handler(job);
  }
}
