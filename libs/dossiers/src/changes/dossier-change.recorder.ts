import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { appendAudit } from '@motcua/audit';
import { OUTBOX_CHANNEL, OutboxEventEntity } from '@motcua/messaging';
import { DossierEntity, DossierHistoryEntity } from '../entities';
import type { Actor } from './actor';
import { DossierContext, dossierSnapshot } from './dossier-snapshot';

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
  /** Where the dossier was before this change (null for a new dossier). */
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
  const saved = await manager.save(DossierEntity, dossier);

  await manager.save(DossierHistoryEntity, {
    dossierId: saved.id,
    action: change.action,
    fromStep: change.previous.step,
    toStep: saved.step,
    fromStatus: change.previous.status,
    toStatus: saved.status,
    fromUnit: change.actor.unit ?? null,
    fromUserId: change.actor.userId,
    toUnit: change.toUnit ?? null,
    toUserId: change.toUserId ?? null,
    actorRole: change.actor.role,
    result: change.result ?? null,
    note: change.note ?? null,
    data: change.data ?? {},
    commandId: change.commandId ?? null,
    occurredAt: change.at,
  });
  await appendAudit(manager, {
    dossierId: saved.id,
    entityType: 'dossier',
    entityId: saved.code,
    action: change.action,
    actorId: change.actor.userId,
    actorRole: change.actor.role,
    data: { from: change.previous, to: { status: saved.status, step: saved.step }, version: saved.version, ...(change.data ?? {}) },
    occurredAt: change.at,
  });
  if (events.length) {
    await manager.insert(
      OutboxEventEntity,
      events.map((type, i) => ({
        eventId: randomUUID(),
        aggregateType: 'dossier',
        aggregateId: saved.id,
        sequence: firstSequence + i,
        eventType: type,
        payload: {
          type,
          timestamp: change.at.toISOString(),
          data: { ...dossierSnapshot(saved, context, change.previous, firstSequence + i), ...(change.eventDetail ? { detail: change.eventDetail } : {}) },
        },
        correlationId: change.correlationId ?? null,
      })),
    );
    // Wakes the outbox relay at once; it also polls, so a lost notification only delays.
    await manager.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, saved.id]);
  }
  return saved;
}
