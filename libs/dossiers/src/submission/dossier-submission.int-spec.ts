import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '@motcua/audit';
import { CatalogueService, ConfigCatalogue, loadConfigCatalogue } from '@motcua/catalogue';
import { projectRoot } from '@motcua/config';
import { FileEntity } from '@motcua/files';
import { ProblemException } from '@motcua/observability';
import { createTestDatabase, testConfig, TestDatabase } from '@motcua/testing';
import type { Actor } from '../changes/actor';
import { recordDossierChange } from '../changes/dossier-change.recorder';
import { validSamples } from '@motcua/domain/catalogue/test-fixtures';
import { DossierEntity } from '../entities';
import { DossierSubmissionService, SubmissionInput } from './dossier-submission.service';

const BTS_DOCUMENTS = ['application', 'telecom-licence', 'site-document', 'site-plan', 'structural-assessment'];

describe('dossier submission service', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let config: ConfigCatalogue;
  let service: DossierSubmissionService;
  let citizen: Actor;
  let reception: Actor;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await db.dataSource(10);
    config = loadConfigCatalogue(join(projectRoot(), 'config'));
    service = new DossierSubmissionService(dataSource, new CatalogueService(dataSource), config, testConfig(db.url));
    const users: { id: string; username: string }[] = await dataSource.query(`SELECT id, username FROM users WHERE username IN ('citizen', 'reception')`);
    const idOf = (username: string) => users.find((u) => u.username === username)!.id;
    citizen = { userId: idOf('citizen'), role: 'CITIZEN' };
    reception = { userId: idOf('reception'), role: 'RECEPTIONIST' };
  });
  afterAll(() => db.drop());

  const uploads = async (owner: Actor, count = BTS_DOCUMENTS.length): Promise<string[]> => {
    const files = dataSource.getRepository(FileEntity);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const file = await files.save({ ownerId: owner.userId!, name: `doc-${i}.pdf`, mimeType: 'application/pdf', size: '2048', sha256: randomUUID().replace(/-/g, '').padEnd(64, '0') });
      ids.push(file.id);
    }
    return ids;
  };

  const btsInput = (fileIds: string[], overrides: Partial<SubmissionInput> = {}): SubmissionInput => ({
    procedureCode: 'bts-location-approval',
    applicant: { fullName: 'Tổng Công ty Viễn thông Viettel', idNumber: '0100109106', phone: '0981234567', email: 'bts@viettel.example.vn', type: 2 },
    fields: validSamples['bts-location-approval'],
    documents: BTS_DOCUMENTS.map((code, i) => ({ code, fileId: fileIds[i] })),
    resultDelivery: 'online',
    channel: 2,
    ...overrides,
  });

  const stored = (id: string) => dataSource.getRepository(DossierEntity).findOneByOrFail({ id });

  it('returns the dossier exactly as it was stored, with its handling agency and division', async () => {
    const { dossier, replayed } = await service.submit(citizen, btsInput(await uploads(citizen)), randomUUID());

    expect(replayed).toBe(false);
    expect(dossier).toBeInstanceOf(DossierEntity);
    expect(dossier.createdAt).toBeInstanceOf(Date);
    expect(dossier).toEqual(await stored(dossier.id));
    const [unit] = await dataSource.query(
      `SELECT a.id AS agency_id, d.id AS division_id FROM agencies a JOIN divisions d ON d.agency_id = a.id WHERE a.code = 'SKHCN' AND d.code = 'BCVT'`,
    );
    expect(dossier).toMatchObject({ agencyId: unit.agency_id, divisionId: unit.division_id, applicantUserId: citizen.userId, registeredBy: null, sequence: 1 });
  });

  it('writes history, the first audit row of a valid chain, the event and the attached documents', async () => {
    const fileIds = await uploads(citizen);
    const { dossier } = await service.submit(citizen, btsInput(fileIds), randomUUID(), 'request-7f3a');

    const history = await dataSource.query('SELECT action, from_step, to_step, to_status, from_user_id, actor_role, data FROM dossier_history WHERE dossier_id = $1', [dossier.id]);
    expect(history).toEqual([
      { action: 'submit', from_step: null, to_step: 'submitted', to_status: 1, from_user_id: citizen.userId, actor_role: 'CITIZEN', data: { channel: 2 } },
    ]);
    expect(await verifyAuditChain(dataSource.manager, dossier.id)).toEqual({ valid: true, entries: 1 });
    const events = await dataSource.query('SELECT event_type, sequence, aggregate_type, correlation_id, payload FROM outbox WHERE aggregate_id = $1', [dossier.id]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event_type: 'dossier.submitted', sequence: 1, aggregate_type: 'dossier', correlation_id: 'request-7f3a' });
    expect(events[0].payload.data).toMatchObject({ dossierCode: dossier.code, status: { code: 1 }, sequence: 1, channel: 2, previousStep: null });
    const documents = await dataSource.query('SELECT document_code, file_id, purpose FROM dossier_documents WHERE dossier_id = $1', [dossier.id]);
    expect(documents).toEqual(expect.arrayContaining(BTS_DOCUMENTS.map((code, i) => ({ document_code: code, file_id: fileIds[i], purpose: 'submission' }))));
    expect(documents).toHaveLength(BTS_DOCUMENTS.length);
    const [attached] = await dataSource.query('SELECT count(*)::int AS n FROM files WHERE id = ANY($1) AND attached_at = $2', [fileIds, dossier.submittedAt]);
    expect(attached.n).toBe(BTS_DOCUMENTS.length);
  });

  it("gives a desk-registered dossier to the citizen's account with that ID number", async () => {
    const applicant = { fullName: 'Ngô Văn Công Dân', idNumber: '001099012345', phone: '0912345678', type: 1 };
    const { dossier } = await service.submit(reception, btsInput(await uploads(reception), { applicant, channel: 3 }), randomUUID());

    expect(dossier).toMatchObject({ applicantUserId: citizen.userId, registeredBy: reception.userId, channel: 3 });
    expect(dossier).toEqual(await stored(dossier.id));
  });

  it('replays the same key and body, refuses the same key with another body, and lets concurrent twins create one dossier', async () => {
    const fileIds = await uploads(citizen);
    const key = randomUUID();
    const twins = await Promise.all(Array.from({ length: 6 }, () => service.submit(citizen, btsInput(fileIds), key)));
    expect(new Set(twins.map((t) => t.dossier.id)).size).toBe(1);
    expect(twins.filter((t) => !t.replayed)).toHaveLength(1);

    const again = await service.submit(citizen, btsInput(fileIds), key);
    expect(again).toMatchObject({ replayed: true, dossier: { id: twins[0].dossier.id } });
    await expect(service.submit(citizen, btsInput(fileIds, { resultDelivery: 'post' }), key)).rejects.toMatchObject({ status: 409 });
    const [count] = await dataSource.query('SELECT count(*)::int AS n FROM dossiers WHERE id = $1', [twins[0].dossier.id]);
    expect(count.n).toBe(1);
  });

  it("refuses another user's file and an unaccepted type, naming the document, and writes nothing", async () => {
    const [foreign] = await uploads(reception, 1);
    const [zip] = await dataSource
      .getRepository(FileEntity)
      .save([{ ownerId: citizen.userId!, name: 'a.zip', mimeType: 'application/zip', size: '2048', sha256: 'f'.repeat(64) }]);
    const input = btsInput(await uploads(citizen));
    input.documents[0].fileId = foreign;
    input.documents[1].fileId = zip.id;
    const before = await dataSource.query('SELECT count(*)::int AS n FROM dossiers');

    const refusal: ProblemException = await service.submit(citizen, input, randomUUID()).catch((error) => error);
    expect(refusal).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(refusal.errors).toEqual([
      { field: 'documents[0].fileId', message: 'no such file among your uploads' },
      { field: 'documents[1].fileId', message: expect.stringContaining('type application/zip is not accepted') },
    ]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM dossiers')).toEqual(before);
  });

  it('records a later change by updating the row, chaining the audit and numbering the events on', async () => {
    const { dossier } = await service.submit(citizen, btsInput(await uploads(citizen)), randomUUID());
    const workflow = await new CatalogueService(dataSource).workflowVersion(dossier.workflowVersionId);
    const at = new Date();
    const previous = { status: dossier.status, step: dossier.step };
    await dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(DossierEntity, { where: { id: dossier.id }, lock: { mode: 'pessimistic_write' } });
      Object.assign(locked, {
        status: 2,
        step: 'appraisal',
        version: 2,
        receivedAt: at,
        dueAt: new Date(at.getTime() + 86_400_000),
        assigneeId: reception.userId,
        pauses: [{ from: at.toISOString(), to: at.toISOString(), reason: 'applicant' }],
        supplementRequestCount: 1,
        resultNumber: '12/GP-STTTT',
      });
      const recorded = await recordDossierChange(
        manager,
        locked,
        { action: 'accept', actor: reception, at, previous },
        { procedureName: 'BTS', agencyCode: 'SKHCN', agencyIdentifier: '000.00.14.H23', workflow: workflow!.definition, statuses: config.statuses },
      );
      expect(recorded).toBe(locked);
    });

    const after = await stored(dossier.id);
    expect(after).toMatchObject({ status: 2, step: 'appraisal', version: 2, sequence: 3, assigneeId: reception.userId, supplementRequestCount: 1, resultNumber: '12/GP-STTTT' });
    expect(after.receivedAt).toEqual(at);
    expect(after.pauses).toEqual([{ from: at.toISOString(), to: at.toISOString(), reason: 'applicant' }]);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(dossier.updatedAt.getTime());
    expect(after.fields).toEqual(dossier.fields);
    expect(await verifyAuditChain(dataSource.manager, dossier.id)).toEqual({ valid: true, entries: 2 });
    const events = await dataSource.query('SELECT event_type, sequence FROM outbox WHERE aggregate_id = $1 ORDER BY sequence', [dossier.id]);
    expect(events).toEqual([
      { event_type: 'dossier.submitted', sequence: 1 },
      { event_type: 'dossier.status_changed', sequence: 2 },
      { event_type: 'dossier.step_changed', sequence: 3 },
    ]);
  });

  it('writes a row alongside the change in the same statement, and undoes the change when that row is not written', async () => {
    const { dossier } = await service.submit(citizen, btsInput(await uploads(citizen)), randomUUID());
    const workflow = (await new CatalogueService(dataSource).workflowVersion(dossier.workflowVersionId))!.definition;
    const context = { procedureName: 'BTS', agencyCode: 'SKHCN', agencyIdentifier: '000.00.14.H23', workflow, statuses: config.statuses };
    const keyFor = (label: string) => ({
      name: 'test_key',
      sql: (first: number) => `INSERT INTO idempotency_keys (owner_id, key, request_hash, dossier_id) SELECT $${first}::uuid, $${first + 1}::varchar, 'h', $${first + 2}::uuid WHERE $${first + 3}::boolean`,
      unexpected: `no key for ${label}`,
    });
    const change = async (label: string, written: boolean) =>
      dataSource.transaction(async (manager) => {
        const locked = await manager.findOneOrFail(DossierEntity, { where: { id: dossier.id }, lock: { mode: 'pessimistic_write' } });
        const previous = { status: locked.status, step: locked.step };
        Object.assign(locked, { status: 2, step: 'assignment', version: locked.version + 1 });
        await recordDossierChange(manager, locked, { action: label, actor: reception, at: new Date(), previous }, context, [], {
          ...keyFor(label),
          values: [reception.userId, label, dossier.id, written],
        });
      });

    await change('first', true);
    await expect(change('second', false)).rejects.toThrow('no key for second');

    const keys = await dataSource.query('SELECT key FROM idempotency_keys WHERE owner_id = $1 AND dossier_id = $2', [reception.userId, dossier.id]);
    expect(keys).toEqual([{ key: 'first' }]);
    const history = await dataSource.query('SELECT action FROM dossier_history WHERE dossier_id = $1 ORDER BY id', [dossier.id]);
    expect(history.map((h: { action: string }) => h.action)).toEqual(['submit', 'first']);
    expect(await stored(dossier.id)).toMatchObject({ version: 2, step: 'assignment' });
  });
});
