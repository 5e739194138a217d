import { formatDateTime, formatMissingItems, formatResultDelivery, formatVnd } from '../templates/formats';
import type { Personalisation } from '../templates/placeholders';

/** The part of an event's `data` (the dossier snapshot, see libs/dossiers) that messages read. */
export interface DossierEventData {
  dossierCode: string;
  procedureName: string;
  status: { code: number; name: string } | null;
  step: { code: string; name: string } | null;
  resultDelivery?: string;
  applicant: { fullName: string; email: string | null; phone: string | null };
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  finishedAt: string | null;
  /** due_soon / overdue: which deadline and whom to alert; due_date_changed: the date before. */
  detail?: { scope?: string; step?: string; deadline?: string | null; notifyRoles?: string[]; previousDueAt?: string | null };
}

/** What the event does not carry: the agency's name and the action's payload from the history row. */
export interface EventExtras {
  agencyName: string;
  actionData: Record<string, unknown>;
}

/**
 * The placeholder values of one event, shared by all its messages (each adds `recipientName`).
 * Values the event lacks stay absent; a template that needs one then fails to render, loudly.
 */
export function personalisationFor(data: DossierEventData, extras: EventExtras, timeZone: string): Personalisation {
  const date = (value: string | null | undefined) => (value ? formatDateTime(value, timeZone) : undefined);
  const action = extras.actionData;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
  const values: Personalisation = {
    dossierCode: data.dossierCode,
    procedureName: data.procedureName,
    agencyName: extras.agencyName,
    statusName: data.status?.name,
    stepName: data.step?.name,
    applicantName: data.applicant.fullName,
    submittedAt: date(data.submittedAt),
    receivedAt: date(data.receivedAt),
    dueAt: date(data.dueAt),
    finishedAt: date(data.finishedAt),
    deadline: date(data.detail?.deadline),
    previousDueAt: date(data.detail?.previousDueAt),
    reason: text(action.reason),
    missingItems: formatMissingItems(action.missingItems),
    paymentAmount: typeof action.paymentAmount === 'number' ? formatVnd(action.paymentAmount) : undefined,
    resultNumber: text((action.resultDocument as { number?: unknown } | undefined)?.number),
    resultDelivery: data.resultDelivery ? formatResultDelivery(data.resultDelivery) : undefined,
  };
  // Drop absent values so the stored personalisation shows only what was known.
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Personalisation;
}
