import { EntityManager } from 'typeorm';
import { NamedStatement } from '@motcua/messaging';
import { CommandStatus, WorkflowCommandEntity } from '../workflow-command.entity';

const LOCK_COMMAND = new NamedStatement<WorkflowCommandEntity>(
  'workflow_command_lock',
  `SELECT command_id AS "commandId", dossier_id AS "dossierId", action, actor, payload, expected_version AS "expectedVersion",
          status, outcome, correlation_id AS "correlationId", created_at AS "createdAt", processed_at AS "processedAt"
   FROM workflow_commands WHERE command_id = $1 FOR UPDATE`,
);
const RECORD_OUTCOME = new NamedStatement(
  'workflow_command_outcome',
  `UPDATE workflow_commands SET status = $2, outcome = $3, processed_at = $4 WHERE command_id = $1 AND status = 'pending'`,
);

/** Reads a stored command under its row lock (FOR UPDATE); null when there is no such command. */
export async function lockCommand(manager: EntityManager, commandId: string): Promise<WorkflowCommandEntity | null> {
  const [command] = await LOCK_COMMAND.run(manager, [commandId]);
  return command ?? null;
}

/**
 * Stores a pending command's outcome (and sets it on `command`). The row is locked by the caller;
 * the status condition makes recording an outcome twice fail loudly rather than overwrite one.
 */
export async function recordOutcome(
  manager: EntityManager,
  command: WorkflowCommandEntity,
  status: Exclude<CommandStatus, 'pending'>,
  outcome: NonNullable<WorkflowCommandEntity['outcome']>,
  at: Date,
): Promise<void> {
  const { rowCount } = await RECORD_OUTCOME.execute(manager, [command.commandId, status, outcome, at]);
  if (rowCount !== 1) throw new Error(`command ${command.commandId} was not pending when its outcome was recorded`);
  Object.assign(command, { status, outcome, processedAt: at });
}
