import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue, QueueEvents } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import type { Actor } from '@motcua/dossiers';
import { JobPayloads, QUEUES, redisOptions } from '@motcua/messaging';
import { WorkflowCommandEntity } from '../workflow-command.entity';

export interface WorkflowCommand {
  commandId: string;
  dossierId: string;
  action: string;
  actor: Actor;
  payload: Record<string, unknown>;
  expectedVersion: number | null;
  correlationId: string | null;
}

/** Options every command job is queued with: retried on transient failures, removed when done. */
export const COMMAND_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 200 },
  removeOnComplete: true,
  removeOnFail: 1000,
} as const;

/** How long queueing may take before the API answers 202 and leaves the command to the sweeper. */
const QUEUE_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('queue timeout')), ms).unref())]);
}

/**
 * The API's side of the workflow: stores a command, queues its id for the engine and waits a
 * little for the outcome, so an officer usually sees the new state at once.
 */
@Injectable()
export class WorkflowCommandBus implements OnModuleDestroy {
  private events?: Promise<QueueEvents>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.workflowCommands) private readonly queue: Queue<JobPayloads['apply-command']>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Every request waiting for its command listens for the queue closing; many wait at once.
    this.queue.setMaxListeners(0);
  }

  /** Returns the command as stored after waiting up to `waitMs`: applied, rejected, or still pending. */
  async dispatch(command: WorkflowCommand, waitMs: number): Promise<WorkflowCommandEntity> {
    const repository = this.dataSource.getRepository(WorkflowCommandEntity);
    // A retried request reuses its command id: the first stored command stands.
    await this.dataSource.query(
      `INSERT INTO workflow_commands (command_id, dossier_id, action, actor, payload, expected_version, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (command_id) DO NOTHING`,
      [command.commandId, command.dossierId, command.action, command.actor, command.payload, command.expectedVersion, command.correlationId],
    );
    const stored = await repository.findOneByOrFail({ commandId: command.commandId });
    if (stored.dossierId !== command.dossierId || stored.action !== command.action) return stored;
    if (stored.status !== 'pending') return stored;

    try {
      // Bounded: with Redis unreachable the command stays stored and pending, and the engine's sweeper queues it.
      const job = await withTimeout(
        this.queue.add(
          'apply-command',
          { commandId: command.commandId, dossierId: command.dossierId, correlationId: command.correlationId ?? undefined },
          { ...COMMAND_JOB_OPTIONS, jobId: command.commandId },
        ),
        QUEUE_TIMEOUT_MS,
      );
      await job.waitUntilFinished(await withTimeout(this.queueEvents(), QUEUE_TIMEOUT_MS), waitMs);
    } catch {
      // Timed out, Redis unreachable or the job failed for now: the stored state below says which.
    }
    return repository.findOneByOrFail({ commandId: command.commandId });
  }

  find(commandId: string): Promise<WorkflowCommandEntity | null> {
    return this.dataSource.getRepository(WorkflowCommandEntity).findOneBy({ commandId });
  }

  private queueEvents(): Promise<QueueEvents> {
    this.events ??= (async () => {
      const events = new QueueEvents(QUEUES.workflowCommands, {
        connection: redisOptions(this.config.redis.url!),
        prefix: this.config.redis.queuePrefix,
      });
      events.setMaxListeners(0);
      await events.waitUntilReady();
      return events;
    })();
    return this.events;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.events) await (await this.events).close();
  }
}
