import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { assertOneHandlerPerJob, JobName, JobPayloads, QUEUES } from '@motcua/messaging';
import { CommandApplier } from '@motcua/workflow';

type CommandJob = Job<JobPayloads['apply-command'], { status: string }, JobName>;

/**
 * Applies workflow commands; several run at once, each dossier serialised by its row lock.
 * A command takes milliseconds, so a short lock lets another engine take over a killed one's
 * jobs within seconds (they are stored commands: running one twice has one effect).
 */
@Processor(QUEUES.workflowCommands, { concurrency: 16, lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 })
export class WorkflowCommandsProcessor extends WorkerHost implements OnModuleInit {
  private readonly handlers: Partial<Record<JobName, (job: CommandJob) => Promise<{ status: string }>>> = {
    'apply-command': async (job) => ({ status: (await this.applier.apply(job.data.commandId)).status }),
  };

  constructor(private readonly applier: CommandApplier) {
    super();
  }

  onModuleInit(): void {
    assertOneHandlerPerJob([QUEUES.workflowCommands], Object.keys(this.handlers) as JobName[]);
  }

  async process(job: CommandJob): Promise<{ status: string }> {
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    return handler(job);
  }
}
