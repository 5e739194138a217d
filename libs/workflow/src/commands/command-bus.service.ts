import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DossierEntity, type Actor } from '@motcua/dossiers';
import { JobPayloads, NamedStatement, QUEUES, withTimeout } from '@motcua/messaging';
import { CommandStatus, WorkflowCommandEntity } from '../workflow-command.entity';
import { CommandCompletions, PendingCompletion } from './command-completions';
import { CommandJobResult, DossierState, isCommandJobResult } from './command-result';

export interface WorkflowCommand {
  commandId: string;
  dossierId: string;
  action: string;
  actor: Actor;
  payload: Record<string, unknown>;
  expectedVersion: number | null;
  correlationId: string | null;
}

/** A command as the API knows it after dispatching it. */
export interface DispatchedCommand {
  commandId: string;
  status: CommandStatus;
  outcome: WorkflowCommandEntity['outcome'];
  /** The dossier as the command left it, when the engine answered in time (without applicant and fields). */
  dossier?: DossierState;
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

const fromRow = ({ commandId, status, outcome }: WorkflowCommandEntity): DispatchedCommand => ({ commandId, status, outcome });

/** Every officer action runs it: prepared once per connection. */
const STORE_COMMAND = new NamedStatement(
  'workflow_command_store',
  `INSERT INTO workflow_commands (command_id, dossier_id, action, actor, payload, expected_version, correlation_id)
   VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (command_id) DO NOTHING RETURNING command_id`,
);

/**
 * The API's side of the workflow: stores a command, queues its id for the engine and waits a
 * little for the outcome, so an officer usually sees the new state at once. The engine's answer
 * to the job carries the outcome; PostgreSQL is read only when no answer came in time.
 */
@Injectable()
export class WorkflowCommandBus {
  private dossierDateColumns?: string[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.workflowCommands) private readonly queue: Queue<JobPayloads['apply-command']>,
    private readonly completions: CommandCompletions,
  ) {}

  /** Returns the command after waiting up to `waitMs`: applied, rejected, or still pending. */
  async dispatch(command: WorkflowCommand, waitMs: number): Promise<DispatchedCommand> {
    const earlier = await this.store(command);
    // A retried request reuses its command id: the first stored command stands.
    if (earlier && (earlier.dossierId !== command.dossierId || earlier.action !== command.action || earlier.status !== 'pending')) return fromRow(earlier);
    const answered = await this.queueAndWait(command, waitMs);
    return answered ?? fromRow(await this.findOrFail(command.commandId));
  }

  find(commandId: string): Promise<WorkflowCommandEntity | null> {
    return this.dataSource.getRepository(WorkflowCommandEntity).findOneBy({ commandId });
  }

  /** Stores a new command and returns nothing, or returns the command already stored under its id. */
  private async store(command: WorkflowCommand): Promise<WorkflowCommandEntity | null> {
    const inserted = await STORE_COMMAND.run(this.dataSource.manager, [
      command.commandId, command.dossierId, command.action, command.actor, command.payload, command.expectedVersion, command.correlationId]);
    return inserted.length ? null : this.findOrFail(command.commandId);
  }

  private findOrFail(commandId: string): Promise<WorkflowCommandEntity> {
    return this.dataSource.getRepository(WorkflowCommandEntity).findOneByOrFail({ commandId });
  }

  /** Queues the command's job and waits for the engine's answer; nothing when there is none (yet). */
  private async queueAndWait(command: WorkflowCommand, waitMs: number): Promise<DispatchedCommand | undefined> {
    const pending = await this.expectCompletion(command.commandId, waitMs);
    try {
      // Bounded: with Redis unreachable the command stays stored and pending, and the engine's sweeper queues it.
      await withTimeout(
        this.queue.add(
          'apply-command',
          { commandId: command.commandId, dossierId: command.dossierId, correlationId: command.correlationId ?? undefined },
          { ...COMMAND_JOB_OPTIONS, jobId: command.commandId },
        ),
        QUEUE_TIMEOUT_MS,
        'queueing the command',
      );
    } catch {
      pending?.cancel();
      return undefined;
    }
    const completion = await pending?.result;
    // An answer without an outcome comes from an engine of an earlier version: the stored command says.
    if (!completion?.finished || !isCommandJobResult(completion.answer)) return undefined;
    return this.fromAnswer(command.commandId, completion.answer);
  }

  /** Registered before the job is queued, so its answer cannot be missed; none when Redis cannot be read now. */
  private async expectCompletion(commandId: string, waitMs: number): Promise<PendingCompletion | undefined> {
    try {
      await withTimeout(this.completions.listen(), QUEUE_TIMEOUT_MS, 'listening for completions');
    } catch {
      return undefined;
    }
    return this.completions.expect(commandId, waitMs);
  }

  private fromAnswer(commandId: string, answer: CommandJobResult): DispatchedCommand {
    const dispatched: DispatchedCommand = { commandId, status: answer.status, outcome: answer.outcome };
    if (answer.dossier) dispatched.dossier = this.withDates(answer.dossier);
    return dispatched;
  }

  /** The answer came as JSON: its timestamps are strings again. */
  private withDates(state: DossierState): DossierState {
    const revived: Record<string, unknown> = { ...state };
    for (const column of this.dateColumns()) {
      const value = revived[column];
      if (typeof value === 'string') revived[column] = new Date(value);
    }
    return revived as unknown as DossierState;
  }

  private dateColumns(): string[] {
    this.dossierDateColumns ??= this.dataSource
      .getMetadata(DossierEntity)
      .columns.filter((column) => column.type === 'timestamptz')
      .map((column) => column.propertyName);
    return this.dossierDateColumns;
  }
}
