import { OutboxEventEntity } from './outbox/outbox-event.entity';

export { OutboxEventEntity };
export const MESSAGING_ENTITIES = [OutboxEventEntity];
export { QUEUES, ALL_QUEUES, JOB_QUEUE, assertOneHandlerPerJob, publishedEventIds } from './queues';
export type { QueueName, JobName, JobPayloads, JobTrace } from './queues';
export { redisOptions, redisAnswers } from './redis';
export { MessagingModule } from './messaging.module';
export { OutboxRelay, OUTBOX_CHANNEL, PUBLISH_JOB_OPTIONS, outboxNotification, notifiedEvents } from './outbox/outbox-relay.service';
export type { NotifiedEvent } from './outbox/outbox-relay.service';
export { JobHandlerWorker } from './job-handler-worker';
export type { JobHandlers } from './job-handler-worker';
export { PeriodicSweeper } from './periodic-sweeper';
export { clearForRequeue } from './requeue';
export { NamedStatement } from './named-statement';
export { Batcher } from './batcher';
export type { ItemOutcome } from './batcher';
export { withTimeout } from './with-timeout';
export { QuietlyClosingQueue, QuietlyClosingQueueEvents, QuietlyClosingWorker } from './quiet-close';
