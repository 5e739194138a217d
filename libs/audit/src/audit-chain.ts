import { canonicalJson, sha256Hex } from '@motcua/domain/canonical';
import { EntityManager } from 'typeorm';
import { NamedStatement } from '@motcua/messaging';
import { AuditLogEntity } from './audit-log.entity';

export interface AuditEntry {
  dossierId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  actorId: string | null;
  actorRole: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export function auditHash(prevHash: string | null, entry: AuditEntry): string {
  return sha256Hex(prevHash ?? '', canonicalJson(entry));
}

export interface AppendOptions {
  /** The entry's dossier was created in the caller's transaction: it has no earlier row to chain to. */
  newDossier?: boolean;
}

type InsertedAudit = { id: string; prev_hash: string | null; hash: string };

const AUDIT_COLUMNS = 'dossier_id, entity_type, entity_id, action, actor_id, actor_role, data, occurred_at, prev_hash, hash';

/**
 * The INSERT of one audit row, alone or as a WITH item of a caller's statement, with its
 * parameters from $first in the order of auditParameters. A linked row's previous row is found
 * and hashed by PostgreSQL in the same statement (sha256 of the previous hash, a newline and the
 * canonical entry, as auditHash computes it): the caller holds the dossier's row lock, taken by an
 * earlier statement, so the statement's snapshot sees the dossier's last row. The first row of a
 * chain, or a row without a dossier, has nothing to link to: its hash comes computed.
 */
export function auditInsertSql(first: number, linked: boolean): string {
  const $ = (i: number) => `$${first + i}`;
  const entry = `${$(0)}::uuid, ${$(1)}::varchar, ${$(2)}::varchar, ${$(3)}::varchar, ${$(4)}::uuid, ${$(5)}::varchar, ${$(6)}::jsonb, ${$(7)}::timestamptz`;
  if (!linked) return `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${entry}, NULL, ${$(8)})`;
  return `INSERT INTO audit_log (${AUDIT_COLUMNS})
    SELECT ${entry}, prev.hash, encode(sha256(convert_to(coalesce(prev.hash, '') || E'\\n' || ${$(8)}::text, 'UTF8')), 'hex')
    FROM (SELECT 1) AS one LEFT JOIN (SELECT hash FROM audit_log WHERE dossier_id = ${$(0)}::uuid ORDER BY id DESC LIMIT 1) AS prev ON true`;
}

/** The parameters of auditInsertSql for one entry. */
export function auditParameters(entry: AuditEntry, linked: boolean): unknown[] {
  return [
    entry.dossierId, entry.entityType, entry.entityId, entry.action, entry.actorId, entry.actorRole, JSON.stringify(entry.data), entry.occurredAt,
    linked ? canonicalJson(entry) : auditHash(null, entry),
  ];
}

const INSERT_FIRST = new NamedStatement<InsertedAudit>('audit_insert_first', `${auditInsertSql(1, false)} RETURNING id, prev_hash, hash`);
const INSERT_LINKED = new NamedStatement<InsertedAudit>('audit_insert_linked', `${auditInsertSql(1, true)} RETURNING id, prev_hash, hash`);

/**
 * Appends an audit row chained to the previous row of the same dossier. Callers hold the dossier's
 * row lock (or have just created it), so the chain cannot fork under concurrent writers.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntry, options: AppendOptions = {}): Promise<AuditLogEntity> {
  // A row without a dossier, or the first of a new dossier, has no previous row to link to.
  const linked = entry.dossierId !== null && !options.newDossier;
  const [row] = await (linked ? INSERT_LINKED : INSERT_FIRST).run(manager, auditParameters(entry, linked));
  return Object.assign(new AuditLogEntity(), entry, { id: row.id, prevHash: row.prev_hash, hash: row.hash });
}

export interface ChainVerification {
  valid: boolean;
  entries: number;
  /** The first row whose hash or link does not match, if any. */
  firstBrokenId?: string;
  reason?: string;
}

/** Recomputes a dossier's chain from its first row and reports the first broken link. */
export async function verifyAuditChain(manager: EntityManager, dossierId: string): Promise<ChainVerification> {
  const rows = await manager.find(AuditLogEntity, { where: { dossierId }, order: { id: 'ASC' } });
  let prevHash: string | null = null;
  for (const row of rows) {
    if (row.prevHash !== prevHash) return { valid: false, entries: rows.length, firstBrokenId: row.id, reason: 'prev_hash does not match the previous row' };
    const expected = auditHash(prevHash, {
      dossierId: row.dossierId,
      entityType: row.entityType,
      entityId: row.entityId,
      action: row.action,
      actorId: row.actorId,
      actorRole: row.actorRole,
      data: row.data,
      occurredAt: row.occurredAt,
    });
    if (row.hash !== expected) return { valid: false, entries: rows.length, firstBrokenId: row.id, reason: 'hash does not match the row' };
    prevHash = row.hash;
  }
  return { valid: true, entries: rows.length };
}
