import type { StatusLabel } from '@motcua/domain/status';
import type { WorkflowDefinition } from '@motcua/domain/workflow';
import type { DossierEntity } from '../entities';

/** What a dossier's events need beyond the row itself: names from the catalogue. */
export interface DossierContext {
  procedureName: string;
  agencyCode: string;
  agencyIdentifier: string;
  workflow: WorkflowDefinition;
  statuses: StatusLabel[];
}

export function statusLabel(statuses: StatusLabel[], code: number | null): { code: number; name: string } | null {
  if (code === null) return null;
  return { code, name: statuses.find((s) => s.code === code)?.name ?? String(code) };
}

export function stepLabel(workflow: WorkflowDefinition, code: string | null): { code: string; name: string } | null {
  if (code === null) return null;
  return { code, name: workflow.steps.find((s) => s.code === code)?.name ?? code };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The dossier as the provincial portal mirrors it, frozen at the moment of an event
 * (English names for the portal-sync fields: MaHoSo → dossierCode, TrangThaiHoSo → status, …).
 */
export function dossierSnapshot(
  dossier: DossierEntity,
  context: DossierContext,
  previous: { status: number | null; step: string | null },
  sequence: number,
) {
  return {
    dossierCode: dossier.code,
    procedureCode: dossier.procedureCode,
    procedureName: context.procedureName,
    agencyCode: context.agencyCode,
    agencyIdentifier: context.agencyIdentifier,
    status: statusLabel(context.statuses, dossier.status),
    previousStatus: statusLabel(context.statuses, previous.status),
    step: stepLabel(context.workflow, dossier.step),
    previousStep: stepLabel(context.workflow, previous.step),
    sequence,
    channel: dossier.channel,
    resultDelivery: dossier.resultDelivery,
    applicant: {
      fullName: dossier.applicant.fullName,
      idNumber: dossier.applicant.idNumber,
      type: dossier.applicant.type,
      email: dossier.applicant.email ?? null,
      phone: dossier.applicant.phone,
    },
    submittedAt: iso(dossier.submittedAt),
    receivedAt: iso(dossier.receivedAt),
    dueAt: iso(dossier.dueAt),
    finishedAt: iso(dossier.finishedAt),
    returnedAt: iso(dossier.returnedAt),
  };
}
