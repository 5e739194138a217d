import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@motcua/testing';
import { AuditEntry, appendAudit, auditHash, verifyAuditChain } from './audit-chain';
import { AuditLogEntity } from './audit-log.entity';

describe('audit chain', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await db.dataSource(2);
  });
  afterAll(() => db.drop());

  const entry = (dossierId: string | null, action: string, data: Record<string, unknown> = {}): AuditEntry => ({
    dossierId,
    entityType: 'dossier',
    entityId: '000.00.14.H23-251103-0001',
    action,
    actorId: null,
    actorRole: 'SYSTEM',
    data,
    occurredAt: new Date('2025-11-03T02:00:00.123Z'),
  });

  it('chains each row of a dossier to the one before, starting a new dossier without a predecessor', async () => {
    const dossierId = randomUUID();
    const first = await dataSource.transaction((manager) => appendAudit(manager, entry(dossierId, 'submit', { channel: 2 }), { newDossier: true }));
    const second = await dataSource.transaction((manager) => appendAudit(manager, entry(dossierId, 'accept', { note: 'đủ hồ sơ', list: [1, 2] })));

    expect(first).toBeInstanceOf(AuditLogEntity);
    expect(first).toMatchObject({ dossierId, action: 'submit', prevHash: null, hash: auditHash(null, entry(dossierId, 'submit', { channel: 2 })) });
    expect(second.prevHash).toBe(first.hash);
    // PostgreSQL hashed the linked row (UTF-8 text included) exactly as auditHash does.
    expect(second.hash).toBe(auditHash(first.hash, entry(dossierId, 'accept', { note: 'đủ hồ sơ', list: [1, 2] })));
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
    const stored = await dataSource.getRepository(AuditLogEntity).findOneByOrFail({ id: second.id });
    expect(stored).toEqual(second);
    expect(await verifyAuditChain(dataSource.manager, dossierId)).toEqual({ valid: true, entries: 2 });
  });

  it('keeps rows without a dossier out of every chain', async () => {
    const row = await appendAudit(dataSource.manager, { ...entry(null, 'update_calendar'), entityType: 'calendar_day', entityId: '2025-11-03' });
    expect(row.prevHash).toBeNull();
    expect(row.hash).toBe(auditHash(null, { ...entry(null, 'update_calendar'), entityType: 'calendar_day', entityId: '2025-11-03' }));
  });

  it('reports an edited row as the first broken link', async () => {
    const dossierId = randomUUID();
    await appendAudit(dataSource.manager, entry(dossierId, 'submit'), { newDossier: true });
    const edited = await appendAudit(dataSource.manager, entry(dossierId, 'accept'));
    await appendAudit(dataSource.manager, entry(dossierId, 'assign'));
    await dataSource.query(`UPDATE audit_log SET data = '{"forged": true}' WHERE id = $1`, [edited.id]);

    expect(await verifyAuditChain(dataSource.manager, dossierId)).toEqual({
      valid: false,
      entries: 3,
      firstBrokenId: edited.id,
      reason: 'hash does not match the row',
    });
  });
});
