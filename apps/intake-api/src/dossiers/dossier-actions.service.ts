import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { CatalogueService } from '@motcua/catalogue';
import { availableActions, missingRequirements, Role } from '@motcua/domain/workflow';
import { DossierDocumentView, DossierEntity, DossierQueryService } from '@motcua/dossiers';
import { ProblemException } from '@motcua/observability';
import { chooseTransition, CommandRejected, CommandRejection, DispatchedCommand, dossierAfterCommand, WorkflowCommandBus } from '@motcua/workflow';
import type { AuthUser } from '../auth/auth-user';
import type { DossierActionDto } from './dto/dossier-action.dto';

/** How long the API waits for the engine before answering 202. */
export const COMMAND_WAIT_MS = 5_000;

/** The dossier after the action (or as it stands while the command is pending), with its documents. */
export type ActionOutcome = { dossier: DossierEntity; documents: DossierDocumentView[] } & ({ state: 'applied' } | { state: 'pending'; commandId: string });

function toProblem(rejection: CommandRejection): ProblemException {
  const titles: Record<number, string> = { 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 422: 'Invalid request' };
  return new ProblemException(rejection.status, rejection.code, titles[rejection.status] ?? 'Refused', rejection.detail, rejection.errors);
}

/** A command id derived from the caller and their Idempotency-Key, so a retried request is the same command. */
function commandIdFor(userId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  const hex = createHash('sha256').update(`${userId}\n${idempotencyKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Officer and citizen actions: checked here against the dossier's pinned workflow so that most
 * mistakes answer at once, then applied by the workflow engine, which checks again under a lock.
 */
@Injectable()
export class DossierActionsService {
  constructor(
    private readonly queries: DossierQueryService,
    private readonly catalogue: CatalogueService,
    private readonly commands: WorkflowCommandBus,
  ) {}

  async available(user: AuthUser, code: string) {
    const dossier = await this.queries.getByCode(user, code);
    const workflow = await this.workflowOf(dossier);
    const seen = new Set<string>();
    const actions = user.roles.flatMap((role) =>
      availableActions(workflow, dossier.step, role as Role)
        .filter((action) => !seen.has(action.action) && seen.add(action.action))
        .map((action) => ({ action: action.action, to: action.to, requires: action.requires ?? [], role })),
    );
    return { dossier: dossier.code, step: dossier.step, version: dossier.version, actions };
  }

  async act(user: AuthUser, code: string, body: DossierActionDto, idempotencyKey: string | undefined, correlationId: string | null): Promise<ActionOutcome> {
    const { dossier, documents } = await this.queries.getWithDocuments(user, code);
    const workflow = await this.workflowOf(dossier);
    const { action, expectedVersion, ...data } = body;
    const payload = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    let role: Role;
    try {
      const choice = chooseTransition(workflow, dossier.step, action, user.roles);
      role = choice.role;
      const lacking = missingRequirements(choice.action, payload);
      if (lacking.length) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'validation_failed',
          'Invalid request',
          `The action "${action}" needs: ${lacking.join(', ')}.`,
          lacking.map((field) => ({ field, message: 'is required for this action' })),
        );
      }
    } catch (error) {
      throw error instanceof CommandRejected ? toProblem(error.rejection) : error;
    }
    if (expectedVersion !== undefined && expectedVersion !== dossier.version) {
      throw toProblem({ status: 409, code: 'version_conflict', detail: `The dossier is at version ${dossier.version}, not ${expectedVersion}; reload it.` });
    }

    const dispatched = await this.commands.dispatch(
      {
        commandId: commandIdFor(user.id, idempotencyKey),
        dossierId: dossier.id,
        action,
        actor: { userId: user.id, role, name: user.fullName, unit: user.unit },
        payload,
        expectedVersion: expectedVersion ?? null,
        correlationId,
      },
      COMMAND_WAIT_MS,
    );
    const sendsFiles = Array.isArray(payload.documents) && payload.documents.length > 0;
    return this.outcome(user, code, { dossier, documents }, dispatched, sendsFiles);
  }

  async commandStatus(user: AuthUser, code: string, commandId: string) {
    const dossier = await this.queries.getByCode(user, code);
    const command = await this.commands.find(commandId);
    if (!command || command.dossierId !== dossier.id) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'command_not_found', 'Not found', 'No such command for this dossier.');
    }
    return { commandId, action: command.action, status: command.status, outcome: command.outcome, processedAt: command.processedAt?.toISOString() ?? null };
  }

  private async outcome(
    user: AuthUser,
    code: string,
    before: { dossier: DossierEntity; documents: DossierDocumentView[] },
    command: DispatchedCommand,
    sendsFiles: boolean,
  ): Promise<ActionOutcome> {
    if (command.status === 'rejected') throw toProblem(command.outcome as CommandRejection);
    // The engine's answer carries the new state, and only actions that send files change the documents;
    // otherwise (a 202, a retried command, files sent) the dossier is read again.
    const after = dossierAfterCommand(before.dossier, command.dossier);
    const current = after && !sendsFiles ? { dossier: after, documents: before.documents } : await this.queries.getWithDocuments(user, code).catch(() => undefined);
    if (!current) throw new ProblemException(HttpStatus.NOT_FOUND, 'dossier_not_found', 'Not found', 'The dossier is no longer visible to you.');
    return command.status === 'applied' ? { state: 'applied', ...current } : { state: 'pending', commandId: command.commandId, ...current };
  }

  private async workflowOf(dossier: DossierEntity) {
    const workflow = await this.catalogue.workflowVersion(dossier.workflowVersionId);
    if (!workflow) throw new Error(`workflow version ${dossier.workflowVersionId} is missing`);
    return workflow.definition;
  }
}
