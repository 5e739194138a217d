import type { WebhookDeliveryStatus, WebhookEndpointEntity } from '../entities';

/** An endpoint as admins see it: never its secret (shown once, at creation and rotation). */
export function endpointView(endpoint: WebhookEndpointEntity) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    enabled: endpoint.enabled,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? endpoint.previousSecretExpiresAt.toISOString() : null,
    consecutiveFailures: endpoint.consecutiveFailures,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}
export type EndpointView = ReturnType<typeof endpointView>;

/** A delivery row as read by deliveryRows() (snake_case from SQL). */
export interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  dossier_id: string;
  dossier_code: string | null;
  sequence: number;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  last_attempt_at: Date | null;
  last_duration_ms: number | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    dossierId: row.dossier_id,
    dossierCode: row.dossier_code,
    sequence: row.sequence,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' || row.status === 'failed' ? iso(row.next_attempt_at) : null,
    lastAttempt: row.last_attempt_at
      ? { at: iso(row.last_attempt_at), statusCode: row.last_status_code, durationMs: row.last_duration_ms, error: row.last_error }
      : null,
    createdAt: iso(row.created_at),
    deliveredAt: iso(row.delivered_at),
  };
}
export type DeliveryView = ReturnType<typeof deliveryView>;

export interface AttemptRow {
  attempt: number;
  url: string;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  response_body: string | null;
  error: string | null;
  succeeded: boolean;
}

export function attemptView(row: AttemptRow) {
  return {
    attempt: row.attempt,
    url: row.url,
    startedAt: iso(row.started_at),
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    response: row.response_body,
    error: row.error,
    succeeded: row.succeeded,
  };
}
