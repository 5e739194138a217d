import { EntityManager } from 'typeorm';
import { appendAudit } from '@motcua/audit';
import type { AuthUser } from '../auth/auth-user';

export interface AdminAction {
  /** calendar_day | procedure | user */
  entityType: string;
  /** The date, procedure code or user id. */
  entityId: string;
  action: string;
  /** What changed (never a password or its hash). */
  data: Record<string, unknown>;
}

/**
 * Records an administrator's change in the audit log, in the caller's transaction, so who changed
 * the calendar, a procedure or an account can be answered later. These rows belong to no dossier,
 * so they are not part of a dossier's hash chain.
 */
export async function logAdminAction(manager: EntityManager, admin: AuthUser, action: AdminAction): Promise<void> {
  await appendAudit(manager, {
    dossierId: null,
    entityType: action.entityType,
    entityId: action.entityId,
    action: action.action,
    actorId: admin.id,
    actorRole: 'ADMIN',
    data: action.data,
    occurredAt: new Date(),
  });
}
