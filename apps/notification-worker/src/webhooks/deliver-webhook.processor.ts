import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobHandlerWorker, QUEUES } from '@motcua/messaging';
import { WebhookDispatcher } from '@motcua/webhooks';

/**
 * One attempt of one portal webhook delivery per job. Calls wait on the network, not the CPU, so many
 * run at once; one dossier's deliveries to one endpoint still go one at a time (the rows decide).
 */
@Processor(QUEUES.webhooks, { concurrency: 16 })
export class DeliverWebhookProcessor extends JobHandlerWorker {
  protected readonly queue = QUEUES.webhooks;
  protected readonly handlers: JobHandlers = {
    'deliver-webhook': (job) => this.dispatcher.deliver(job.data.deliveryId),
  };

  constructor(private readonly dispatcher: WebhookDispatcher) {
    super();
  }
}
