import { EntityManager } from 'typeorm';
import { CALENDAR_FINGERPRINT_SQL } from '@motcua/calendar';
import type { AlongsideWrite } from '@motcua/dossiers';
import { NamedStatement } from '@motcua/messaging';
import { CommandStatus, WorkflowCommandEntity } from '../workflow-command.entity';

/** The command's columns under alias `c`, each named `command.<property>` so that they cannot meet a dossier's. */
const COMMAND_COLUMNS = `c.command_id AS "command.commandId", c.dossier_id AS "command.dossierId", c.action AS "command.action",
  c.actor AS "command.actor", c.payload AS "command.payload", c.expected_version AS "command.expectedVersion", c.status AS "command.status",
  c.outcome AS "command.outcome", c.correlation_id AS "command.correlationId", c.created_at AS "command.createdAt", c.processed_at AS "command.processedAt"`;

const LOCK_COMMAND = new NamedStatement<Record<string, unknown>>(
  'workflow_command_lock',
  `SELECT ${COMMAND_COLUMNS} FROM workflow_commands c WHERE c.command_id = $1 FOR UPDATE`,
);

function commandFromRow(row: Record<string, unknown>): WorkflowCommandEntity {
  const command = new WorkflowCommandEntity();
  for (const [column, value] of Object.entries(row)) if (column.startsWith('command.')) (command as unknown as Record<string, unknown>)[column.slice(8)] = value;
  return command;
}

/** A command locked with its dossier; `dossierRow` as the caller's select list read it. */
export interface LockedCommand {
  command: WorkflowCommandEntity;
  dossierRow: Record<string, unknown>;
  /** The calendar's fingerprint when the row was read (see CalendarService.calendar). */
  calendarFingerprint: string;
}

let lockWithDossier: NamedStatement<Record<string, unknown> & { calendar_fingerprint: string }> | undefined;

/**
 * Locks a command and its dossier (FOR UPDATE, both) and reads what applying it needs, in one round
 * trip: the dossier's columns as `dossierSelectList` names them (on `d`, with its agency `a`), and
 * the calendar's fingerprint. Null when the command or its dossier does not exist.
 */
export async function lockCommandWithDossier(manager: EntityManager, commandId: string, dossierSelectList: string): Promise<LockedCommand | null> {
  lockWithDossier ??= new NamedStatement(
    'workflow_command_lock_with_dossier',
    `SELECT ${COMMAND_COLUMNS}, ${dossierSelectList}, ${CALENDAR_FINGERPRINT_SQL} AS calendar_fingerprint
     FROM workflow_commands c JOIN dossiers d ON d.id = c.dossier_id LEFT JOIN agencies a ON a.id = d.agency_id
     WHERE c.command_id = $1 FOR UPDATE OF c, d`,
  );
  const [row] = await lockWithDossier.run(manager, [commandId]);
  return row ? { command: commandFromRow(row), dossierRow: row, calendarFingerprint: row.calendar_fingerprint } : null;
}

const RECORD_OUTCOME = new NamedStatement(
  'workflow_command_outcome',
  `UPDATE workflow_commands SET status = $2, outcome = $3, processed_at = $4 WHERE command_id = $1 AND status = 'pending'`,
);

/** Reads a stored command under its row lock (FOR UPDATE); null when there is no such command. */
export async function lockCommand(manager: EntityManager, commandId: string): Promise<WorkflowCommandEntity | null> {
  const [row] = await LOCK_COMMAND.run(manager, [commandId]);
  return row ? commandFromRow(row) : null;
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

/**
 * An applied command's outcome, written by the statement that records the change it made (see
 * recordDossierChange): the same guard as recordOutcome, without a round trip of its own. Sets it
 * on `command` once that statement has run.
 */
export function appliedOutcome(command: WorkflowCommandEntity, version: number, at: Date): { write: AlongsideWrite; written: () => void } {
  const outcome = { version };
  return {
    write: {
      name: 'command_applied',
      sql: (first) =>
        `UPDATE workflow_commands SET status = 'applied', outcome = $${first}::jsonb, processed_at = $${first + 1}::timestamptz
         WHERE command_id = $${first + 2}::uuid AND status = 'pending'`,
      values: [JSON.stringify(outcome), at, command.commandId],
      unexpected: `command ${command.commandId} was not pending when its outcome was recorded`,
    },
    written: () => Object.assign(command, { status: 'applied', outcome, processedAt: at }),
  };
}
