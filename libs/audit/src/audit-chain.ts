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

const INSERT_AUDIT = new NamedStatement<{ id: string }>(
  'audit_insert',
  `INSERT INTO audit_log (dossier_id, entity_type, entity_id, action, actor_id, actor_role, data, occurred_at, prev_hash, hash)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
);
const LAST_HASH = new NamedStatement<{ hash: string }>('audit_last_hash', 'SELECT hash FROM audit_log WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1');

/**
 * Appends an audit row chained to the previous row of the same dossier. Callers hold the dossier's
 * row lock (or have just created it), so the chain cannot fork under concurrent writers.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntry, options: AppendOptions = {}): Promise<AuditLogEntity> {
  const prevHash = entry.dossierId && !options.newDossier ? await lastHash(manager, entry.dossierId) : null;
  const hash = auditHash(prevHash, entry);
  const [row] = await INSERT_AUDIT.run(
    manager,
    [entry.dossierId, entry.entityType, entry.entityId, entry.action, entry.actorId, entry.actorRole, JSON.stringify(entry.data), entry.occurredAt, prevHash, hash],
  );
  return Object.assign(new AuditLogEntity(), entry, { id: row.id, prevHash, hash });
}

async function lastHash(manager: EntityManager, dossierId: string): Promise<string | null> {
  const rows = await LAST_HASH.run(manager, [dossierId]);
  return rows[0]?.hash ?? null;
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
