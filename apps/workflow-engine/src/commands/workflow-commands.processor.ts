import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobHandlerWorker, QUEUES } from '@motcua/messaging';
import { CommandApplier } from '@motcua/workflow';

/**
 * Applies workflow commands; several run at once, each dossier serialised by its row lock.
 * A command takes milliseconds, so a short lock lets another engine take over a killed one's
 * jobs within seconds (they are stored commands: running one twice has one effect).
 */
@Processor(QUEUES.workflowCommands, { concurrency: 16, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class WorkflowCommandsProcessor extends JobHandlerWorker {
  protected readonly queue = QUEUES.workflowCommands;
  protected readonly handlers: JobHandlers = {
    'apply-command': async (job) => ({ status: (await this.applier.apply(job.data.commandId)).status }),
  };

  constructor(private readonly applier: CommandApplier) {
    super();
  }
}
