import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@motcua/testing';
import { DossierDocumentEntity, DossierEntity } from '../entities';
import { DossierQueryService, Viewer } from './dossier-query.service';

describe('dossier reads by code', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let queries: DossierQueryService;
  let dossier: DossierEntity;
  let officer: Viewer;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await db.dataSource(2);
    queries = new DossierQueryService(dataSource);
    const [agency] = await dataSource.query(`SELECT id FROM agencies ORDER BY code LIMIT 1`);
    const [procedureVersion] = await dataSource.query(`SELECT id FROM procedure_versions LIMIT 1`);
    const [workflowVersion] = await dataSource.query(`SELECT id FROM workflow_versions LIMIT 1`);
    const [citizen] = await dataSource.query(`SELECT id FROM users WHERE username = 'citizen'`);
    dossier = await dataSource.getRepository(DossierEntity).save({
      code: `T-${randomUUID().slice(0, 8)}`,
      procedureCode: 'bts-location-approval',
      procedureVersionId: procedureVersion.id,
      workflowVersionId: workflowVersion.id,
      agencyId: agency.id,
      applicantUserId: citizen.id,
      applicant: { fullName: 'Nguyễn Văn Ánh', idNumber: '001099012345', phone: '0912345678', type: 1 },
      applicantName: 'Nguyễn Văn Ánh',
      applicantIdNumber: '001099012345',
      fields: { nested: { list: [1, 'hai'] } },
      channel: 2,
      resultDelivery: 'online',
      status: 2,
      step: 'assignment',
      submittedAt: new Date('2026-11-02T01:02:03.456Z'),
      receivedAt: new Date('2026-11-02T02:00:00Z'),
      dueAt: new Date('2026-11-20T10:00:00Z'),
      pauses: [{ start: '2026-11-03T01:00:00.000Z', end: '2026-11-04T01:00:00.000Z', reason: 'applicant' }],
    });
    officer = { id: randomUUID(), roles: ['RECEPTIONIST'], agencyId: agency.id, divisionId: null };
    const files = await dataSource.query(
      `INSERT INTO files (owner_id, name, mime_type, size, sha256) SELECT $1, 'f' || g || '.pdf', 'application/pdf', 10, md5(random()::text) || md5(random()::text)
       FROM generate_series(1, 3) g RETURNING id`,
      [citizen.id],
    );
    const documents = dataSource.getRepository(DossierDocumentEntity);
    // Two added together (listed by code, "Đ" after "z" by code point), then one later.
    await documents.insert([
      { dossierId: dossier.id, documentCode: 'đơn', fileId: files[0].id, purpose: 'submission' },
      { dossierId: dossier.id, documentCode: 'application', fileId: files[1].id, purpose: 'submission' },
    ]);
    await documents.insert({ dossierId: dossier.id, documentCode: 'additional', fileId: files[2].id, purpose: 'supplement' });
  });
  afterAll(() => db.drop());

  it('reads the dossier exactly as the ORM does', async () => {
    const expected = await dataSource.getRepository(DossierEntity).findOneByOrFail({ id: dossier.id });
    const read = await queries.getByCode(officer, dossier.code);
    expect(read).toBeInstanceOf(DossierEntity);
    expect(read).toEqual(expected);
  });

  it('reads the documents with it, in the order documents() lists them', async () => {
    const { dossier: read, documents } = await queries.getWithDocuments(officer, dossier.code);
    expect(read.id).toBe(dossier.id);
    const listed = await queries.documents(dossier.id);
    expect(documents).toEqual(listed.map(({ documentCode, fileId, purpose }) => ({ documentCode, fileId, purpose })));
    expect(documents.map((d) => d.documentCode)).toEqual(['application', 'đơn', 'additional']);
  });

  it('finds nothing outside the viewer\'s scope', async () => {
    const stranger: Viewer = { id: randomUUID(), roles: ['CITIZEN'], agencyId: null, divisionId: null };
    const otherDivision: Viewer = { id: randomUUID(), roles: ['HEAD'], agencyId: officer.agencyId, divisionId: randomUUID() };
    for (const viewer of [stranger, otherDivision]) {
      await expect(queries.getWithDocuments(viewer, dossier.code)).rejects.toMatchObject({ status: 404 });
      await expect(queries.getByCode(viewer, dossier.code)).rejects.toMatchObject({ status: 404 });
    }
  });
});
