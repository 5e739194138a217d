import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobPayloads, QUEUES } from '@motcua/messaging';
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
export class PendingCommandSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PendingCommandSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.workflowCommands) private readonly queue: Queue<JobPayloads['apply-command']>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepOnce(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
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
    // A job that already failed for good (or completed without effect) keeps its id: clear it so the command is queued again.
    for (const command of stale) {
      const job = await this.queue.getJob(command.commandId);
      if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove().catch(() => undefined);
    }
    await this.queue.addBulk(
      stale.map((c) => ({
        name: 'apply-command' as const,
        data: { commandId: c.commandId, dossierId: c.dossierId, correlationId: c.correlationId ?? undefined },
        opts: { ...COMMAND_JOB_OPTIONS, jobId: c.commandId },
      })),
    );
    return stale.length;
  }

  private async sweepOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep().catch((error) => {
      this.logger.warn({ err: error }, 'pending command sweep failed');
      return 0;
    });
    const count = await this.running;
    this.running = undefined;
    if (count) this.logger.log({ count }, 're-queued pending workflow commands');
  }
}
