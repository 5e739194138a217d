import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { clearForRequeue, JobPayloads, PeriodicSweeper, QUEUES } from '@motcua/messaging';
import { WorkflowCommandEntity } from '../workflow-command.entity';
import { COMMAND_JOB_OPTIONS } from './command-bus.service';

/** A command still pending after this long has probably lost its job (Redis flushed, crash). */
const STALE_AFTER_MS = 5_000;
const SWEEP_EVERY_MS = 5_000;
const BATCH = 500;

/**
 * Re-queues stored commands that are still pending, so a command survives the loss of its job.
 * The job id is the command id: a job still in the queue is not duplicated, and applying a command
 * twice has one effect anyway.
 */
@Injectable()
export class PendingCommandSweeper extends PeriodicSweeper {
  protected readonly everyMs = SWEEP_EVERY_MS;
  protected readonly doneMessage = 're-queued pending workflow commands';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.workflowCommands) private readonly queue: Queue<JobPayloads['apply-command']>,
  ) {
    super();
  }

  async sweep(olderThanMs = STALE_AFTER_MS): Promise<number> {
    const stale = await this.dataSource
      .getRepository(WorkflowCommandEntity)
      .createQueryBuilder('c')
      .select(['c.commandId', 'c.dossierId', 'c.correlationId'])
      .where("c.status = 'pending' AND c.created_at < now() - make_interval(secs => :seconds)", { seconds: olderThanMs / 1000 })
      .orderBy('c.created_at')
      .limit(BATCH)
      .getMany();
    if (!stale.length) return 0;
    await clearForRequeue(this.queue, stale.map((c) => c.commandId));
    await this.queue.addBulk(
      stale.map((c) => ({
        name: 'apply-command' as const,
        data: { commandId: c.commandId, dossierId: c.dossierId, correlationId: c.correlationId ?? undefined },
        opts: { ...COMMAND_JOB_OPTIONS, jobId: c.commandId },
      })),
    );
    return stale.length;
  }
}
