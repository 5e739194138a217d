import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobHandlerWorker, QUEUES } from '@motcua/messaging';
import { EventFanOut } from './event-fan-out';

/**
 * Events at once. A fan-out spends its time waiting on PostgreSQL (a few short statements, no
 * transaction held open) and events waiting together share those statements, so more than the
 * cores keeps the database busy rather than the queue long.
 */
const CONCURRENCY = 16;

/**
 * Consumes published dossier events: creates their webhook deliveries and messages and marks them
 * processed, atomically and once per event however often it is delivered (see EventFanOut).
 */
@Processor(QUEUES.outbox, { concurrency: CONCURRENCY })
export class PublishEventProcessor extends JobHandlerWorker {
  protected readonly queue = QUEUES.outbox;
  protected readonly handlers: JobHandlers = {
    'publish-event': (job) => this.consume(job.data.eventId),
  };

  constructor(private readonly fanOut: EventFanOut) {
    super();
  }

  consume(eventId: string): Promise<void> {
    return this.fanOut.consume(eventId);
  }
}
