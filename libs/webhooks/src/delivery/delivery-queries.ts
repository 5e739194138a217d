import { EntityManager } from 'typeorm';
import { NamedStatement } from '@motcua/messaging';
import type { WebhookDeliveryStatus } from '../entities';

/** The endpoint of a delivery aliased `d` is enabled. */
const ENDPOINT_ENABLED = `EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = d.endpoint_id AND e.enabled)`;

/** No delivery of a lower sequence of the same dossier to the same endpoint is still open (dead ones do not count). */
const NOTHING_OPEN_BEFORE = `NOT EXISTS (
    SELECT 1 FROM webhook_deliveries b
    WHERE b.endpoint_id = d.endpoint_id AND b.dossier_id = d.dossier_id AND b.sequence < d.sequence
      AND b.status IN ('pending', 'failed', 'delivering'))`;

/**
 * Every lower-sequence event of the dossier has been fanned out: events are consumed concurrently,
 * so a later event's delivery can exist before an earlier one's.
 */
const EARLIER_EVENTS_FANNED_OUT = `NOT EXISTS (
    SELECT 1 FROM outbox o WHERE o.aggregate_id = d.dossier_id AND o.sequence < d.sequence AND o.processed_at IS NULL)`;

/** The ordering rule, as SQL on a delivery aliased `d`. */
const READY_TO_SEND = `${ENDPOINT_ENABLED} AND ${NOTHING_OPEN_BEFORE} AND ${EARLIER_EVENTS_FANNED_OUT}`;

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

const CLAIM = new NamedStatement<ClaimRow>(
  'webhooks.claim-delivery',
  `WITH claimed AS (
     UPDATE webhook_deliveries d
     SET status = 'delivering', attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
     WHERE d.id = $1 AND ${OPEN} AND d.next_attempt_at <= now() AND ${READY_TO_SEND}
     RETURNING d.id, d.endpoint_id, d.dossier_id, d.event_id, d.sequence, d.attempts)
   SELECT c.id, c.endpoint_id, c.dossier_id, c.event_id, c.sequence, c.attempts,
          e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, o.payload
   FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id JOIN outbox o ON o.event_id = c.event_id`,
);

interface ClaimRow {
  id: string;
  endpoint_id: string;
  dossier_id: string;
  event_id: string;
  sequence: number;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  payload: Record<string, unknown>;
}

/**
 * Takes a delivery for one attempt if it is due and ready (see READY_TO_SEND). The row goes to
 * `delivering` with next_attempt_at as a lease: a worker that dies mid-call leaves it to be taken
 * again once the lease ends. Null when there is nothing to do (not due, waiting its turn, gone, or
 * taken by another worker).
 */
export async function claimDelivery(manager: EntityManager, deliveryId: string, leaseMs: number): Promise<ClaimedDelivery | null> {
  const rows = await CLAIM.run(manager, [deliveryId, leaseMs / 1000]);
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

/**
 * Deliveries due at least `overdueForMs` ago that may be sent now (for the sweeper), oldest due
 * first. The margin leaves alone what its own job will take in a moment, even with a queue behind it.
 */
export async function dueDeliveries(manager: EntityManager, limit: number, overdueForMs = 0): Promise<{ id: string; attempts: number }[]> {
  return manager.query(
    `SELECT d.id, d.attempts FROM webhook_deliveries d
     WHERE ${OPEN} AND d.next_attempt_at <= now() - make_interval(secs => $2) AND ${READY_TO_SEND}
     ORDER BY d.next_attempt_at LIMIT $1`,
    [limit, overdueForMs / 1000],
  );
}

/**
 * The first open delivery of each (endpoint, dossier) line among the deliveries that `source`
 * selects (each with the from_sequence of its line), when it is waiting (not being sent), has a
 * sequence of at least from_sequence, and is free to go but for its time. A line whose head is being
 * sent is left to that attempt, which queues what follows when it ends; a head waiting for an
 * earlier event to be fanned out is left to that event's consumer, which looks after its commit; a
 * disabled endpoint's lines wait until it is enabled again. (The sweeper covers a worker that died
 * in between.)
 */
const lineHeadsOf = (name: string, source: string) =>
  new NamedStatement<{ id: string; wait_ms: number }>(
    `webhooks.line-heads-of-${name}`,
    `SELECT d.id, greatest(0, extract(epoch FROM d.next_attempt_at - now()) * 1000)::int AS wait_ms
     FROM (
       SELECT DISTINCT ON (d.endpoint_id, d.dossier_id) d.id, d.endpoint_id, d.dossier_id, d.sequence, d.status, d.next_attempt_at, d.from_sequence
       FROM (${source}) d
       WHERE ${OPEN}
       ORDER BY d.endpoint_id, d.dossier_id, d.sequence) d
     WHERE d.status <> 'delivering' AND d.sequence >= d.from_sequence AND ${ENDPOINT_ENABLED} AND ${EARLIER_EVENTS_FANNED_OUT}`,
  );
const HEADS_OF_LINE = lineHeadsOf('line', 'SELECT d.*, 0 AS from_sequence FROM webhook_deliveries d WHERE d.endpoint_id = $1 AND d.dossier_id = $2');
const HEADS_OF_ENDPOINT = lineHeadsOf('endpoint', 'SELECT d.*, 0 AS from_sequence FROM webhook_deliveries d WHERE d.endpoint_id = $1');
const HEADS_OF_DOSSIERS = lineHeadsOf(
  'dossiers',
  `SELECT d.*, w.from_sequence FROM unnest($1::uuid[], $2::int[]) AS w(dossier_id, from_sequence)
   JOIN webhook_deliveries d ON d.dossier_id = w.dossier_id`,
);

/**
 * What to queue when lines may have moved (a delivery finished, an endpoint was re-enabled): the
 * first waiting delivery of each line of an endpoint, or of one (endpoint, dossier) line, that is
 * free to go. Later ones are queued as the line moves on.
 */
export async function lineHeads(manager: EntityManager, where: { endpointId: string; dossierId?: string }): Promise<QueuedDelivery[]> {
  const rows = where.dossierId ? await HEADS_OF_LINE.run(manager, [where.endpointId, where.dossierId]) : await HEADS_OF_ENDPOINT.run(manager, [where.endpointId]);
  return rows.map((r) => ({ id: r.id, delayMs: r.wait_ms }));
}

/**
 * What to queue once dossier events are fanned out: the first waiting delivery of each of their
 * dossiers' lines that is free to go, from each event's sequence on (a line whose head comes before
 * it was not waiting for that event).
 */
export async function lineHeadsAfterEvents(manager: EntityManager, events: { dossierId: string; sequence: number }[]): Promise<QueuedDelivery[]> {
  const fromSequence = new Map<string, number>();
  for (const { dossierId, sequence } of events) fromSequence.set(dossierId, Math.min(sequence, fromSequence.get(dossierId) ?? sequence));
  if (!fromSequence.size) return [];
  const rows = await HEADS_OF_DOSSIERS.run(manager, [[...fromSequence.keys()], [...fromSequence.values()]]);
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

const RECORD = new NamedStatement<{ ours: boolean }>(
  'webhooks.record-attempt',
  `WITH logged AS (
     INSERT INTO webhook_attempts (delivery_id, attempt, url, started_at, duration_ms, status_code, response_body, error, succeeded)
     SELECT $1::uuid, $2::int, $7::varchar, $8::timestamptz, $9::int, $5::int, $10::text, $6::varchar, $11::boolean
     WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = $1::uuid)),
   moved AS (
     UPDATE webhook_deliveries
     SET status = $3::varchar, next_attempt_at = $4::timestamptz, last_status_code = $5::int, last_error = $6::varchar,
         delivered_at = CASE WHEN $11::boolean THEN now() ELSE delivered_at END, updated_at = now()
     WHERE id = $1::uuid AND status = 'delivering' AND attempts = $2::int
     RETURNING endpoint_id),
   streak_ended AS (
     UPDATE webhook_endpoints e SET consecutive_failures = 0, failing_since = NULL
     FROM moved WHERE $11::boolean AND e.id = moved.endpoint_id AND e.consecutive_failures > 0)
   SELECT EXISTS (SELECT 1 FROM moved) AS ours`,
);

/**
 * Logs the attempt and moves the delivery on — unless it is no longer ours (deleted, reset by an
 * admin, or taken over after our lease ended), in which case only the log row is kept. A success of
 * ours also ends the endpoint's failure streak. One statement; returns whether the delivery row was updated.
 */
export async function recordAttempt(manager: EntityManager, record: AttemptRecord): Promise<boolean> {
  const { claim } = record;
  const [{ ours }] = await RECORD.run(manager, [
    claim.id,
    claim.attempt,
    record.status,
    record.nextAttemptAt,
    record.statusCode,
    record.error,
    claim.url,
    record.startedAt,
    record.durationMs,
    record.responseBody,
    record.status === 'succeeded',
  ]);
  return ours;
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
