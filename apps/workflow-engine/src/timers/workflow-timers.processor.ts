import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobHandlerWorker, QUEUES } from '@motcua/messaging';
import { TimerRunner } from '@motcua/workflow';

/** Wake-ups at deadlines: fires what is due for the dossier (the row decides, not the job). */
@Processor(QUEUES.workflowTimers, { concurrency: 8, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class WorkflowTimersProcessor extends JobHandlerWorker {
  protected readonly queue = QUEUES.workflowTimers;
  protected readonly handlers: JobHandlers = {
    'dossier-timer': (job) => this.runner.wake(job.data.dossierId),
  };

  constructor(private readonly runner: TimerRunner) {
    super();
  }
}
