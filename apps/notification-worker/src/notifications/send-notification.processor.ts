import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobHandlerWorker, QUEUES } from '@motcua/messaging';
import { MessageSender } from '@motcua/notifications';

/**
 * One attempt at one message per job; the message row decides whether an attempt is due, so a
 * duplicate or late job does nothing. Each message retries on its own schedule (see MessageSender).
 */
@Processor(QUEUES.notifications, { concurrency: 8 })
export class SendNotificationProcessor extends JobHandlerWorker {
  protected readonly queue = QUEUES.notifications;
  protected readonly handlers: JobHandlers = {
    'send-notification': (job) => this.sender.send(job.data.messageId),
  };

  constructor(private readonly sender: MessageSender) {
    super();
  }
}
