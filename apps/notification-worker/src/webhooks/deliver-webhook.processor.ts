import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { assertOneHandlerPerJob, JobName, JobPayloads, QUEUES } from '@motcua/messaging';
import { WebhookDispatcher } from '@motcua/webhooks';

type DeliverJob = Job<JobPayloads['deliver-webhook'], void, JobName>;

/**
 * One attempt of one portal webhook delivery per job. Calls wait on the network, not the CPU, so many
 * run at once; one dossier's deliveries to one endpoint still go one at a time (the rows decide).
 */
@Processor(QUEUES.webhooks, { concurrency: 16 })
export class DeliverWebhookProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers: Partial<Record<JobName, (job: DeliverJob) => Promise<void>>> = {
    'deliver-webhook': (job) => this.dispatcher.deliver(job.data.deliveryId),
  };

  constructor(private readonly dispatcher: WebhookDispatcher) {
    super();
  }

  onModuleInit(): void {
    assertOneHandlerPerJob([QUEUES.webhooks], Object.keys(this.handlers) as JobName[]);
  }

  async process(job: DeliverJob): Promise<void> {
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    await handler(job);
  }
}
