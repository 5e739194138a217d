import { DossierEntity } from '@motcua/dossiers';
import type { AppliedCommand } from '../engine/command-applier.service';
import type { CommandStatus, WorkflowCommandEntity } from '../workflow-command.entity';

/**
 * A dossier as a command left it, without what the applicant submitted (applicant, fields): commands
 * never change those, and leaving them out keeps the job's answer small in Redis's event stream.
 */
export type DossierState = Omit<DossierEntity, 'applicant' | 'fields'>;

/** What the engine answers for one command job, so the API need not read the outcome back from PostgreSQL. */
export interface CommandJobResult {
  status: CommandStatus;
  outcome: WorkflowCommandEntity['outcome'];
  /** Present when this job applied the command (JSON: dates as ISO strings). */
  dossier?: DossierState;
}

export function commandJobResult({ command, dossier }: AppliedCommand): CommandJobResult {
  const result: CommandJobResult = { status: command.status, outcome: command.outcome };
  if (dossier) {
    const { applicant: _applicant, fields: _fields, ...state } = dossier;
    result.dossier = state;
  }
  return result;
}

/** Whether a job's answer is a full result (an engine of an earlier version answers only the status). */
export function isCommandJobResult(value: unknown): value is CommandJobResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'outcome' in value;
}

/** The columns that decide who may see a dossier (see DossierQueryService's scope). */
const SCOPE_COLUMNS = ['id', 'agencyId', 'divisionId', 'applicantUserId'] as const;

/**
 * The dossier as a command left it, completed with what was submitted from a copy read before the
 * command (commands never change that). None when there is no state, or when a column deciding who
 * may see the dossier differs from the copy: the caller then reads it again through its own scope.
 */
export function dossierAfterCommand(before: DossierEntity, state: DossierState | undefined): DossierEntity | undefined {
  if (!state || SCOPE_COLUMNS.some((column) => state[column] !== before[column])) return undefined;
  return Object.assign(new DossierEntity(), before, state);
}
