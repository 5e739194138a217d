import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError } from 'bullmq';
import { JobHandlers, JobHandlerWorker, publishedEventIds, QUEUES } from '@motcua/messaging';
import { EventFanOut } from './event-fan-out';

/**
 * Jobs at once. A fan-out spends its time waiting on PostgreSQL (a few short statements, no
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
    'publish-event': (job) => this.consume(publishedEventIds(job.data)),
  };

  constructor(private readonly fanOut: EventFanOut) {
    super();
  }

  /**
   * Fans out the events of one job. A transient failure of any fails the job, to be retried (those
   * already fanned out are then skipped); a permanent one (an event that does not exist) fails it for
   * good, once the others are done.
   */
  async consume(eventIds: string[]): Promise<void> {
    const outcomes = await Promise.allSettled(eventIds.map((eventId) => this.fanOut.consume(eventId)));
    const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
    const transient = errors.find((error) => !(error instanceof UnrecoverableError));
    if (transient) throw transient;
    if (errors.length) throw errors[0];
  }
}
