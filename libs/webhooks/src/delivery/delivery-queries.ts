import { EntityManager } from 'typeorm';
import type { WebhookDeliveryStatus } from '../entities';

/**
 * The ordering rule, as SQL on a delivery aliased `d`: its endpoint is enabled, no delivery of a
 * lower sequence of the same dossier to the same endpoint is still open, and every lower-sequence
 * event of the dossier has been fanned out (events are consumed concurrently, so a later event's
 * delivery can exist before an earlier one's). Dead deliveries do not hold the line back.
 */
const READY_TO_SEND = `
  EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled)
  AND NOT EXISTS (
    SELECT 1 FROM webhook_deliveries b
    WHERE b.endpoint_id = d.endpoint_id AND b.dossier_id = d.dossier_id AND b.sequence < d.sequence
      AND b.status IN ('pending', 'failed', 'delivering'))
  AND NOT EXISTS (
    SELECT 1 FROM outbox o WHERE o.aggregate_id = d.dossier_id AND o.sequence < d.sequence AND o.processed_at IS NULL)`;

/** Open deliveries: still to be sent or being sent. */
const OPEN = `d.status IN ('pending', 'failed', 'delivering')`;

export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  dossierId: string;
  eventId: string;
  sequence: number;
  /** This attempt's number. */
  attempt: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  /** The outbox payload `{type, timestamp, data}`: the webhook body. */
  payload: Record<string, unknown>;
}

/** A delivery to queue, and how long its job should wait. */
export interface QueuedDelivery {
  id: string;
  delayMs: number;
}

/**
 * Takes a delivery for one attempt if it is due and ready (see READY_TO_SEND). The row goes to
 * `delivering` with next_attempt_at as a lease: a worker that dies mid-call leaves it to be taken
 * again once the lease ends. Null when there is nothing to do (not due, waiting its turn, gone, or
 * taken by another worker).
 */
export async function claimDelivery(manager: EntityManager, deliveryId: string, leaseMs: number): Promise<ClaimedDelivery | null> {
  const rows = await manager.query(
    `WITH claimed AS (
       UPDATE webhook_deliveries d
       SET status = 'delivering', attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
       WHERE d.id = $1 AND ${OPEN} AND d.next_attempt_at <= now() AND ${READY_TO_SEND}
       RETURNING d.*)
     SELECT c.id, c.endpoint_id, c.dossier_id, c.event_id, c.sequence, c.attempts,
            e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, o.payload
     FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id JOIN outbox o ON o.event_id = c.event_id`,
    [deliveryId, leaseMs / 1000],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    dossierId: r.dossier_id,
    eventId: r.event_id,
    sequence: r.sequence,
    attempt: r.attempts,
    url: r.url,
    secret: r.secret,
    previousSecret: r.previous_secret,
    previousSecretExpiresAt: r.previous_secret_expires_at,
    payload: r.payload,
  };
}

/** Due deliveries that may be sent now (for the sweeper), oldest due first. */
export async function dueDeliveries(manager: EntityManager, limit: number): Promise<{ id: string; attempts: number }[]> {
  return manager.query(
    `SELECT d.id, d.attempts FROM webhook_deliveries d
     WHERE ${OPEN} AND d.next_attempt_at <= now() AND ${READY_TO_SEND}
     ORDER BY d.next_attempt_at LIMIT $1`,
    [limit],
  );
}

/**
 * The first waiting delivery of each (endpoint, dossier) line, for a dossier or an endpoint: what to
 * queue when the line may have moved (a delivery finished, an event was fanned out, an endpoint was
 * re-enabled). Later ones are queued as the line moves on.
 */
export async function lineHeads(manager: EntityManager, where: { dossierId?: string; endpointId?: string }): Promise<QueuedDelivery[]> {
  const rows: { id: string; wait_ms: number }[] = await manager.query(
    `SELECT DISTINCT ON (d.endpoint_id, d.dossier_id) d.id,
            greatest(0, extract(epoch FROM d.next_attempt_at - now()) * 1000)::int AS wait_ms
     FROM webhook_deliveries d
     WHERE d.status IN ('pending', 'failed') AND ($1::uuid IS NULL OR d.dossier_id = $1) AND ($2::uuid IS NULL OR d.endpoint_id = $2)
     ORDER BY d.endpoint_id, d.dossier_id, d.sequence`,
    [where.dossierId ?? null, where.endpointId ?? null],
  );
  return rows.map((r) => ({ id: r.id, delayMs: r.wait_ms }));
}

export interface AttemptRecord {
  claim: ClaimedDelivery;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  status: Exclude<WebhookDeliveryStatus, 'pending' | 'delivering'>;
  nextAttemptAt: Date | null;
}

/**
 * Logs the attempt and moves the delivery on — unless it is no longer ours (deleted, reset by an
 * admin, or taken over after our lease ended), in which case only the log row is kept. Returns
 * whether the delivery row was updated.
 */
export async function recordAttempt(manager: EntityManager, record: AttemptRecord): Promise<boolean> {
  const { claim } = record;
  const succeeded = record.status === 'succeeded';
  await manager.query(
    `INSERT INTO webhook_attempts (delivery_id, attempt, url, started_at, duration_ms, status_code, response_body, error, succeeded)
     SELECT $1::uuid, $2::int, $3::varchar, $4::timestamptz, $5::int, $6::int, $7::text, $8::varchar, $9::boolean
     WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = $1::uuid)`,
    [claim.id, claim.attempt, claim.url, record.startedAt, record.durationMs, record.statusCode, record.responseBody, record.error, succeeded],
  );
  const [, affected] = await manager.query(
    `UPDATE webhook_deliveries
     SET status = $3::varchar, next_attempt_at = $4::timestamptz, last_status_code = $5::int, last_error = $6::varchar,
         delivered_at = CASE WHEN $3::varchar = 'succeeded' THEN now() ELSE delivered_at END, updated_at = now()
     WHERE id = $1 AND status = 'delivering' AND attempts = $2`,
    [claim.id, claim.attempt, record.status, record.nextAttemptAt, record.statusCode, record.error],
  );
  return affected > 0;
}

/** A success ends the endpoint's failure streak. */
export async function endFailureStreak(manager: EntityManager, endpointId: string): Promise<void> {
  await manager.query('UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = $1 AND consecutive_failures > 0', [endpointId]);
}

/** Counts a failed attempt into the endpoint's streak; returns the streak. */
export async function extendFailureStreak(
  manager: EntityManager,
  endpointId: string,
  at: Date,
): Promise<{ consecutiveFailures: number; failingSince: Date; enabled: boolean } | null> {
  const [rows] = await manager.query(
    `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, $2)
     WHERE id = $1 RETURNING consecutive_failures, failing_since, enabled`,
    [endpointId, at],
  );
  const row = rows[0];
  return row ? { consecutiveFailures: row.consecutive_failures, failingSince: row.failing_since, enabled: row.enabled } : null;
}

/**
 * Disables an endpoint automatically, recording why; admin_notified_at stays null until someone
 * tells the admins. Returns false when it was already disabled (so the notice is given once).
 */
export async function disableEndpoint(manager: EntityManager, endpointId: string, reason: string): Promise<boolean> {
  const [, affected] = await manager.query(
    `UPDATE webhook_endpoints SET enabled = false, disabled_at = now(), disabled_reason = $2, admin_notified_at = NULL, updated_at = now()
     WHERE id = $1 AND enabled`,
    [endpointId, reason],
  );
  return affected > 0;
}
