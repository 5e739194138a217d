import { randomUUID } from 'node:crypto';
import { EntityManager, EntityMetadata } from 'typeorm';
import { AuditEntry, auditInsertSql, auditParameters } from '@motcua/audit';
import { NamedStatement, OUTBOX_CHANNEL, outboxNotification } from '@motcua/messaging';
import { DossierEntity } from '../entities';
import type { Actor } from './actor';
import { DossierContext, dossierSnapshot } from './dossier-snapshot';
import { dossierColumns, dossierInsertSql, dossierParameters, dossierUpdateSql } from './dossier-row';

export type DossierEventType =
  | 'dossier.submitted'
  | 'dossier.status_changed'
  | 'dossier.step_changed'
  | 'dossier.due_soon'
  | 'dossier.overdue'
  | 'dossier.result_issued'
  | 'dossier.due_date_changed';

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
 * sequence number, and the notification that wakes the outbox relay. Nothing else may write these
 * tables, so they always agree. All of it is one statement, one round trip to PostgreSQL.
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
  alongside?: AlongsideWrite,
): Promise<DossierEntity> {
  const events = eventsFor(dossier, change, extraEvents);
  const firstSequence = dossier.sequence + 1;
  dossier.sequence += events.length;
  const created = change.previous.step === null;
  const audit: AuditEntry = {
    dossierId: dossier.id,
    entityType: 'dossier',
    entityId: dossier.code,
    action: change.action,
    actorId: change.actor.userId,
    actorRole: change.actor.role,
    data: { from: change.previous, to: { status: dossier.status, step: dossier.step }, version: dossier.version, ...(change.data ?? {}) },
    occurredAt: change.at,
  };
  const outbox = outboxRows(dossier, change, context, events, firstSequence);
  const [row] = await changeStatement(manager, created, alongside).run(manager, [
    ...dossierParameters(manager, dossier, created),
    ...historyParameters(dossier, change),
    // A new dossier's audit row starts its chain; any other links to the dossier's last row.
    ...auditParameters(audit, !created),
    JSON.stringify(outbox),
    OUTBOX_CHANNEL,
    outboxNotification(outbox),
    ...(alongside?.values ?? []),
  ]);
  if (!row) throw new Error(`dossier ${dossier.id} does not exist`);
  if (alongside && row.alongside !== 1) throw new Error(alongside.unexpected);
  if (created) dossier.createdAt = row.created_at;
  dossier.updatedAt = row.updated_at;
  return dossier;
}

const HISTORY_COLUMNS = [
  'dossier_id', 'action', 'from_step', 'to_step', 'from_status', 'to_status', 'from_unit', 'from_user_id',
  'to_unit', 'to_user_id', 'actor_role', 'result', 'note', 'data', 'command_id', 'occurred_at',
];

function historyParameters(dossier: DossierEntity, change: DossierChange): unknown[] {
  return [
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
  ];
}

/**
 * Another row the change writes in the same statement (an UPDATE or INSERT of exactly one row,
 * without RETURNING), e.g. the outcome of the command that made the change. Its SQL takes its
 * values from $first; `name` identifies the SQL (one prepared statement per name).
 */
export interface AlongsideWrite {
  name: string;
  sql: (first: number) => string;
  values: unknown[];
  /** The error when it did not write exactly one row (the change is then rolled back with the caller's transaction). */
  unexpected: string;
}

type ChangeRow = { created_at: Date; updated_at: Date; alongside: number | null };
const statementsByMetadata = new WeakMap<EntityMetadata, Map<string, NamedStatement<ChangeRow>>>();

/**
 * The statement of one change, prepared once per connection: the dossier's INSERT or UPDATE, then
 * history, audit and outbox as WITH items (each runs once, whether read or not; their foreign keys
 * are checked at the end of the statement, when the new dossier row exists), and the write
 * alongside if any. The relay is notified only when the change has events. Parameters: the
 * dossier's, then 16 of history, 9 of audit, then the events (JSON), the channel, the
 * notification's payload (the events it names), then those of the write alongside.
 */
function changeStatement(manager: EntityManager, created: boolean, alongside: AlongsideWrite | undefined): NamedStatement<ChangeRow> {
  const metadata = manager.connection.getMetadata(DossierEntity);
  let statements = statementsByMetadata.get(metadata);
  if (!statements) statementsByMetadata.set(metadata, (statements = new Map()));
  const name = `dossier_change_${created ? 'insert' : 'update'}${alongside ? `_with_${alongside.name}` : ''}`;
  let statement = statements.get(name);
  if (!statement) {
    const columns = dossierColumns(manager);
    const [dossierSql, dossierParameterCount] = created
      ? [dossierInsertSql(columns), columns.inserted.length]
      : [dossierUpdateSql(columns), columns.updated.length + 1];
    const $ = (i: number) => `$${dossierParameterCount + i + 1}`;
    const history = HISTORY_COLUMNS.map((_, i) => $(i)).join(', ');
    const audit = HISTORY_COLUMNS.length;
    const events = audit + 9;
    const also = alongside ? `, alongside AS (${alongside.sql(dossierParameterCount + events + 4)} RETURNING 1)` : '';
    statement = new NamedStatement<ChangeRow>(
      name,
      `WITH dossier AS (${dossierSql} RETURNING created_at, updated_at),
         history AS (INSERT INTO dossier_history (${HISTORY_COLUMNS.join(', ')}) VALUES (${history})),
         audit AS (${auditInsertSql(dossierParameterCount + audit + 1, !created)}),
         events AS (
           INSERT INTO outbox (event_id, aggregate_type, aggregate_id, sequence, event_type, payload, correlation_id)
           SELECT e.event_id, 'dossier', e.aggregate_id, e.sequence, e.event_type, e.payload, e.correlation_id
           FROM jsonb_to_recordset(${$(events)}::jsonb) AS e(event_id uuid, aggregate_id uuid, sequence integer, event_type varchar, payload jsonb, correlation_id varchar)
         ),
         notified AS (SELECT pg_notify(${$(events + 1)}, ${$(events + 2)}) WHERE jsonb_array_length(${$(events)}::jsonb) > 0)${also}
       SELECT created_at, updated_at, (SELECT count(*) FROM notified) AS notified,
              ${alongside ? '(SELECT count(*)::int FROM alongside)' : 'NULL::int'} AS alongside
       FROM dossier`,
    );
    statements.set(name, statement);
  }
  return statement;
}

/** The outbox rows of one change's events, each with the dossier as the portal mirrors it. */
function outboxRows(dossier: DossierEntity, change: DossierChange, context: DossierContext, events: DossierEventType[], firstSequence: number) {
  return events.map((type, i) => ({
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
}
