import { canonicalJson, sha256Hex } from '@motcua/domain/canonical';
import { EntityManager } from 'typeorm';
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

/**
 * Appends an audit row chained to the previous row of the same dossier. Callers hold the dossier's
 * row lock (or have just created it), so the chain cannot fork under concurrent writers.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntry): Promise<AuditLogEntity> {
  const previous = entry.dossierId
    ? await manager.findOne(AuditLogEntity, { where: { dossierId: entry.dossierId }, order: { id: 'DESC' }, select: { id: true, hash: true } })
    : null;
  const prevHash = previous?.hash ?? null;
  return manager.save(AuditLogEntity, { ...entry, prevHash, hash: auditHash(prevHash, entry) });
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
