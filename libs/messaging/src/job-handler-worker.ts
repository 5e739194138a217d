import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { assertOneHandlerPerJob, JobName, JobPayloads, QueueName } from './queues';

export type JobHandlers = { [J in JobName]?: (job: Job<JobPayloads[J], unknown, J>) => Promise<unknown> };

/**
 * A BullMQ worker that dispatches each job by name to one handler. It refuses to start when a job of
 * its queue has no handler (or one for a job nobody sends), and fails unknown jobs for good.
 */
export abstract class JobHandlerWorker extends WorkerHost implements OnModuleInit {
  protected abstract readonly queue: QueueName;
  protected abstract readonly handlers: JobHandlers;
  private readonly errorLogger = new Logger(JobHandlerWorker.name);

  onModuleInit(): void {
    assertOneHandlerPerJob([this.queue], Object.keys(this.handlers) as JobName[]);
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as JobName] as ((job: Job) => Promise<unknown>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${this.queue}"`);
    return handler(job);
  }

  /**
   * Errors of the worker itself, not of a job: e.g. a job whose keys vanished with a Redis flush
   * while it ran. Logged (without a listener BullMQ prints them to the console); the job's stored
   * state in PostgreSQL decides what happens next, and the sweepers queue it again if needed.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.errorLogger.warn({ err: error, queue: this.queue }, 'queue worker error');
  }
}
