/**
 * The one typed source of queue names, job names and payloads.
 * Payloads carry identifiers only; workers read the current state from PostgreSQL.
 */
export const QUEUES = {
  workflowCommands: 'workflow-commands',
  workflowTimers: 'workflow-timers',
  outbox: 'outbox',
  notifications: 'notifications',
  webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: readonly QueueName[] = Object.values(QUEUES);

/** Carried by every job so a request's correlation id follows it into its jobs. */
export interface JobTrace {
  correlationId?: string;
}

export interface JobPayloads {
  'apply-command': JobTrace & { commandId: string; dossierId: string };
  /** Wakes the timers of one dossier at a deadline; the dossier's rows say which are due. */
  'dossier-timer': JobTrace & { dossierId: string };
  /**
   * Publishes committed outbox events: those of one commit (one request) go in one job. A job of
   * an earlier version carries one `eventId`.
   */
  'publish-event': JobTrace & ({ eventIds: string[] } | { eventId: string });
  'send-notification': JobTrace & { messageId: string };
  'deliver-webhook': JobTrace & { deliveryId: string };
}
export type JobName = keyof JobPayloads;

/** The events a publish job carries, whichever version queued it. */
export function publishedEventIds(data: JobPayloads['publish-event']): string[] {
  return 'eventIds' in data ? data.eventIds : [data.eventId];
}

/** Which queue carries which job. */
export const JOB_QUEUE: { [J in JobName]: QueueName } = {
  'apply-command': QUEUES.workflowCommands,
  'dossier-timer': QUEUES.workflowTimers,
  'publish-event': QUEUES.outbox,
  'send-notification': QUEUES.notifications,
  'deliver-webhook': QUEUES.webhooks,
};

/**
 * Refuses a set of handlers in which some job of the given queues has no handler or more than one,
 * so a worker never starts unable to process what it will receive.
 */
export function assertOneHandlerPerJob(queues: readonly QueueName[], handled: readonly JobName[]): void {
  const problems: string[] = [];
  for (const [job, queue] of Object.entries(JOB_QUEUE) as [JobName, QueueName][]) {
    if (!queues.includes(queue)) continue;
    const count = handled.filter((name) => name === job).length;
    if (count !== 1) problems.push(`job "${job}" on queue "${queue}" has ${count} handlers`);
  }
  for (const job of handled) {
    if (!(job in JOB_QUEUE)) problems.push(`handler for unknown job "${job}"`);
  }
  if (problems.length) throw new Error(`Job handlers are inconsistent: ${problems.join('; ')}`);
}
