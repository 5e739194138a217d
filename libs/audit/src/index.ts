import { AuditLogEntity } from './audit-log.entity';

export { AuditLogEntity };
export const AUDIT_ENTITIES = [AuditLogEntity];
