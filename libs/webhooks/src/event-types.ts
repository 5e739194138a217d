/** The dossier events a portal endpoint may subscribe to (the outbox `event_type`s of a dossier). */
export const WEBHOOK_EVENT_TYPES = [
  'dossier.submitted',
  'dossier.status_changed',
  'dossier.step_changed',
  'dossier.due_soon',
  'dossier.overdue',
  'dossier.result_issued',
  'dossier.due_date_changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
