import { Processor } from '@nestjs/bullmq';
import { JobHandlers, JobHandlerWorker, QUEUES } from '@motcua/messaging';
import { CommandApplier, commandJobResult } from '@motcua/workflow';

/**
 * Applies workflow commands; several run at once, each dossier serialised by its row lock.
 * A command takes milliseconds, so a short lock lets another engine take over a killed one's
 * jobs within seconds (they are stored commands: running one twice has one effect).
 * The job's answer carries the outcome and the dossier as the command left it, for the waiting API.
 */
@Processor(QUEUES.workflowCommands, { concurrency: 16, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class WorkflowCommandsProcessor extends JobHandlerWorker {
  protected readonly queue = QUEUES.workflowCommands;
  protected readonly handlers: JobHandlers = {
    'apply-command': async (job) => commandJobResult(await this.applier.apply(job.data.commandId)),
  };

  constructor(private readonly applier: CommandApplier) {
    super();
  }
}
