import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { assertOneHandlerPerJob, JobName, JobPayloads, QUEUES } from '@motcua/messaging';
import { TimerRunner } from '@motcua/workflow';

type TimerJob = Job<JobPayloads['dossier-timer'], void, JobName>;

/** Wake-ups at deadlines: fires what is due for the dossier (the row decides, not the job). */
@Processor(QUEUES.workflowTimers, { concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class WorkflowTimersProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers: Partial<Record<JobName, (job: TimerJob) => Promise<void>>> = {
    'dossier-timer': (job) => this.runner.wake(job.data.dossierId),
  };

  constructor(private readonly runner: TimerRunner) {
    super();
  }

  onModuleInit(): void {
    assertOneHandlerPerJob([QUEUES.workflowTimers], Object.keys(this.handlers) as JobName[]);
  }

  async process(job: TimerJob): Promise<void> {
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    await handler(job);
  }
}
