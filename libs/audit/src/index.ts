import { AuditLogEntity } from './audit-log.entity';

export { AuditLogEntity };
export const AUDIT_ENTITIES = [AuditLogEntity];
export { appendAudit, verifyAuditChain, auditHash, auditInsertSql, auditParameters } from './audit-chain';
export type { AuditEntry, AppendOptions, ChainVerification } from './audit-chain';
