import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { appendAudit } from '@motcua/audit';
import { NamedStatement, OUTBOX_CHANNEL } from '@motcua/messaging';
import { DossierEntity } from '../entities';
import type { Actor } from './actor';
import { DossierContext, dossierSnapshot } from './dossier-snapshot';
import { insertDossier, updateDossier } from './dossier-row';

export type DossierEventType =
  | 'dossier.submitted'
  | 'dossier.status_changed'
  | 'dossier.step_changed'
  | 'dossier.due_soon'
  | 'dossier.overdue'
  | 'dossier.result_issued';

export interface DossierChange {
  action: string;
  actor: Actor;
  at: Date;
  /** Where the dossier was before this change (null for a new dossier, which the change creates). */
  previous: { status: number | null; step: string | null };
  /** Control-slip columns: the hand-over from one unit/person to another. */
  toUnit?: string | null;
  toUserId?: string | null;
  result?: string | null;
  note?: string | null;
  /** Action payload kept on the history and audit rows (missing items, reason, result number…). */
  data?: Record<string, unknown>;
  commandId?: string | null;
  correlationId?: string | null;
  /** Added to every event's data as `detail` (e.g. which deadline passed and whom to alert). */
  eventDetail?: Record<string, unknown>;
}

/** Event types a change emits: status and step changes follow from the before/after state. */
export function eventsFor(dossier: DossierEntity, change: DossierChange, extra: DossierEventType[] = []): DossierEventType[] {
  if (change.previous.step === null) return ['dossier.submitted', ...extra];
  const events: DossierEventType[] = [];
  if (change.previous.status !== dossier.status) events.push('dossier.status_changed');
  if (change.previous.step !== dossier.step) events.push('dossier.step_changed');
  return [...events, ...extra];
}

/**
 * Commits one change of a dossier in the caller's transaction: the dossier row, its history row,
 * its audit row (hash-chained) and one outbox row per event, each event with the next per-dossier
 * sequence number. Nothing else may write these tables, so they always agree.
 *
 * A change from no step (`previous.step === null`) creates the dossier: its row is inserted, so every
 * column of the entity must be set. Any other change updates the row, which the caller holds locked.
 * Returns the same entity with its sequence and timestamps brought up to date.
 */
export async function recordDossierChange(
  manager: EntityManager,
  dossier: DossierEntity,
  change: DossierChange,
  context: DossierContext,
  extraEvents: DossierEventType[] = [],
): Promise<DossierEntity> {
  const events = eventsFor(dossier, change, extraEvents);
  const firstSequence = dossier.sequence + 1;
  dossier.sequence += events.length;
  const created = change.previous.step === null;
  if (created) await insertDossier(manager, dossier);
  else await updateDossier(manager, dossier);

  await insertHistory(manager, dossier, change);
  await appendAudit(
    manager,
    {
      dossierId: dossier.id,
      entityType: 'dossier',
      entityId: dossier.code,
      action: change.action,
      actorId: change.actor.userId,
      actorRole: change.actor.role,
      data: { from: change.previous, to: { status: dossier.status, step: dossier.step }, version: dossier.version, ...(change.data ?? {}) },
      occurredAt: change.at,
    },
    { newDossier: created },
  );
  if (events.length) await queueEvents(manager, dossier, change, context, events, firstSequence);
  return dossier;
}

const INSERT_HISTORY = new NamedStatement(
  'dossier_history_insert',
  `INSERT INTO dossier_history (dossier_id, action, from_step, to_step, from_status, to_status, from_unit, from_user_id,
     to_unit, to_user_id, actor_role, result, note, data, command_id, occurred_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
);

/** The outbox rows of one change, and the notification that wakes the relay at once (it also polls, so a lost one only delays). */
const QUEUE_EVENTS = new NamedStatement(
  'dossier_events_insert',
  `WITH queued AS (
     INSERT INTO outbox (event_id, aggregate_type, aggregate_id, sequence, event_type, payload, correlation_id)
     SELECT e.event_id, 'dossier', e.aggregate_id, e.sequence, e.event_type, e.payload, e.correlation_id
     FROM jsonb_to_recordset($1) AS e(event_id uuid, aggregate_id uuid, sequence integer, event_type varchar, payload jsonb, correlation_id varchar)
   )
   SELECT pg_notify($2, $3)`,
);

async function insertHistory(manager: EntityManager, dossier: DossierEntity, change: DossierChange): Promise<void> {
  await INSERT_HISTORY.run(
    manager,
    [
      dossier.id,
      change.action,
      change.previous.step,
      dossier.step,
      change.previous.status,
      dossier.status,
      change.actor.unit ?? null,
      change.actor.userId,
      change.toUnit ?? null,
      change.toUserId ?? null,
      change.actor.role,
      change.result ?? null,
      change.note ?? null,
      JSON.stringify(change.data ?? {}),
      change.commandId ?? null,
      change.at,
    ],
  );
}

/** Writes the events to the outbox and wakes the relay, in one statement. */
async function queueEvents(
  manager: EntityManager,
  dossier: DossierEntity,
  change: DossierChange,
  context: DossierContext,
  events: DossierEventType[],
  firstSequence: number,
): Promise<void> {
  const rows = events.map((type, i) => ({
    event_id: randomUUID(),
    aggregate_id: dossier.id,
    sequence: firstSequence + i,
    event_type: type,
    payload: {
      type,
      timestamp: change.at.toISOString(),
      data: { ...dossierSnapshot(dossier, context, change.previous, firstSequence + i), ...(change.eventDetail ? { detail: change.eventDetail } : {}) },
    },
    correlation_id: change.correlationId ?? null,
  }));
  await QUEUE_EVENTS.run(manager, [JSON.stringify(rows), OUTBOX_CHANNEL, dossier.id]);
}
