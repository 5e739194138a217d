import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApi, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { btsBody, btsFields, ownedFiles } from './support/dossiers';

describe('dossier submission', () => {
  let api: TestApi;
  let citizen: Session & { idNumber: string };
  let files: string[];

  beforeAll(async () => {
    api = await startTestApi();
    citizen = await newCitizen(api);
    files = await ownedFiles(api, citizen.userId, 5);
  });
  afterAll(() => api.close());

  const submit = (body: unknown, session: Session = citizen, key: string | null = randomUUID()) => {
    const req = request(api.http).post('/api/v1/dossiers').set(session.auth);
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body as object);
  };
  const fields = (response: request.Response) => (response.body.errors ?? []).map((e: { field: string }) => e.field);

  it('creates a dossier with its code, status 1, channel 2 and pinned versions', async () => {
    const response = await submit(btsBody(files)).expect(201);
    expect(response.body.code).toMatch(/^000\.00\.14\.H23-\d{6}-\d{4}$/);
    expect(response.body).toMatchObject({
      status: { code: 1, name: 'Mới đăng ký' },
      step: { code: 'submitted' },
      channel: 2,
      procedure: { code: 'bts-location-approval', version: 1 },
      resultDelivery: 'online',
    });
    expect(response.body.documents).toHaveLength(5);

    const db = await api.db.dataSource(2);
    const [row] = await db.query('SELECT id, version, sequence FROM dossiers WHERE code = $1', [response.body.code]);
    const history = await db.query('SELECT action, to_step, to_status FROM dossier_history WHERE dossier_id = $1', [row.id]);
    const audit = await db.query('SELECT action, prev_hash, hash FROM audit_log WHERE dossier_id = $1', [row.id]);
    const outbox = await db.query('SELECT event_type, sequence, payload FROM outbox WHERE aggregate_id = $1', [row.id]);
    expect(history).toEqual([{ action: 'submit', to_step: 'submitted', to_status: 1 }]);
    expect(audit).toHaveLength(1);
    expect(audit[0].prev_hash).toBeNull();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ event_type: 'dossier.submitted', sequence: 1 });
    expect(outbox[0].payload.data).toMatchObject({ dossierCode: response.body.code, status: { code: 1 }, sequence: 1, channel: 2 });
    const attached = await db.query('SELECT count(*)::int AS n FROM files WHERE id = ANY($1) AND attached_at IS NOT NULL', [files]);
    expect(attached[0].n).toBe(5);
  });

  it('returns the same dossier for the same key and body, and 409 for the same key with another body', async () => {
    const key = randomUUID();
    const otherFiles = await ownedFiles(api, citizen.userId, 5);
    const first = await submit(btsBody(otherFiles), citizen, key).expect(201);
    const again = await submit(btsBody(otherFiles), citizen, key).expect(201);
    expect(again.body.code).toBe(first.body.code);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // The first answer shows the documents as sent; the replay reads them back as stored: the same.
    expect(again.body.documents).toEqual(first.body.documents);
    expect(first.body.documents.map((d: { fileId: string }) => d.fileId).sort()).toEqual([...otherFiles].sort());
    const changed = await submit(btsBody(otherFiles, { resultDelivery: 'post' }), citizen, key);
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('idempotency_key_reused');
  });

  it('creates one dossier when the same request races itself', async () => {
    const key = randomUUID();
    const raceFiles = await ownedFiles(api, citizen.userId, 5);
    const responses = await Promise.all(Array.from({ length: 8 }, () => submit(btsBody(raceFiles), citizen, key)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((r) => r.body.code)).size).toBe(1);
  });

  it('requires an Idempotency-Key', async () => {
    const response = await submit(btsBody(files), citizen, null);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('idempotency_key_required');
  });

  it.each([
    ['an 11-digit ID number', { applicant: { fullName: 'Lê Văn Cường', idNumber: '00109901234', phone: '0912345678', type: 1 } }, 'applicant.idNumber'],
    ['a foreign phone', { applicant: { fullName: 'Lê Văn Cường', idNumber: '001099012345', phone: '+442079460000', type: 1 } }, 'applicant.phone'],
    ['coordinates outside Vietnam', { fields: btsFields({ coordinates: { lat: 48.85, lng: 2.35 } }) }, 'fields.coordinates.lat'],
    ['a rooftop column over 3 m', { fields: btsFields({ columnHeight: 3.5 }) }, 'fields.columnHeight'],
    ['an unknown form field', { fields: btsFields({ colour: 'red' }) }, 'fields.colour'],
    ['an unknown procedure', { procedureCode: 'no-such-procedure' }, 'procedureCode'],
    ['an unknown top-level field', { priority: 'urgent' }, 'priority'],
    ['a string over its limit', { fields: btsFields({ note: 'x'.repeat(1001) }) }, 'fields.note'],
    ['a wrong-typed field', { fields: btsFields({ antennaHeight: 'tall' }) }, 'fields.antennaHeight'],
    ['a result delivery the procedure lacks', { resultDelivery: 'pigeon' }, 'resultDelivery'],
  ])('refuses %s, naming the field', async (_what, change, field) => {
    const response = await submit({ ...btsBody(files), ...change });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fields(response)).toContain(field);
  });

  it('explains form errors in Vietnamese a citizen understands', async () => {
    const response = await submit({ ...btsBody(files), fields: btsFields({ columnHeight: 3.5 }) });
    const error = response.body.errors.find((e: { field: string }) => e.field === 'fields.columnHeight');
    expect(error.message).toMatch(/Chiều cao cột ăng-ten/);
  });

  it('refuses a missing required document and another user\'s file', async () => {
    const other = await newCitizen(api, 'Phạm Thị Dung');
    const [foreign] = await ownedFiles(api, other.userId, 1);
    const body = btsBody(files);
    const missing = await submit({ ...body, documents: body.documents.slice(1) });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'documents', message: expect.stringContaining('application') })]));
    const stolen = await submit({ ...body, documents: [{ code: 'application', fileId: foreign }, ...body.documents.slice(1)] });
    expect(stolen.status).toBe(422);
    expect(fields(stolen)).toContain('documents[0].fileId');
  });

  it('refuses a file of a type the document does not accept', async () => {
    const [zip] = await ownedFiles(api, citizen.userId, 1, 'application/zip');
    const body = btsBody(files);
    const response = await submit({ ...body, documents: [{ code: 'application', fileId: zip }, ...body.documents.slice(1)] });
    expect(response.status).toBe(422);
    expect(fields(response)).toContain('documents[0].fileId');
  });

  it('writes nothing for a refused submission', async () => {
    const db = await api.db.dataSource(2);
    const before = await db.query('SELECT (SELECT count(*) FROM dossiers) AS d, (SELECT count(*) FROM outbox) AS o, (SELECT count(*) FROM idempotency_keys) AS k');
    await submit({ ...btsBody(files), fields: btsFields({ columnHeight: 99 }) }).expect(422);
    const after = await db.query('SELECT (SELECT count(*) FROM dossiers) AS d, (SELECT count(*) FROM outbox) AS o, (SELECT count(*) FROM idempotency_keys) AS k');
    expect(after).toEqual(before);
  });

  it('lets only the desk register in-person and postal dossiers', async () => {
    const asCitizen = await submit({ ...btsBody(files), channel: 1 });
    expect(asCitizen.status).toBe(403);
    const reception = await loginAs(api, 'reception');
    const deskFiles = await ownedFiles(api, reception.userId, 5);
    const applicant = { fullName: 'Ngô Văn Công Dân', idNumber: '001099012345', phone: '0912345678', type: 1 };
    const registered = await submit({ ...btsBody(deskFiles), applicant, channel: 3 }, reception).expect(201);
    expect(registered.body.channel).toBe(3);
    // The seeded citizen with that ID number sees the dossier registered for them at the desk.
    const owner = await loginAs(api, 'citizen');
    await request(api.http).get(`/api/v1/dossiers/${registered.body.code}`).set(owner.auth).expect(200);
  });

  it('refuses the submission to roles that do not submit', async () => {
    const head = await loginAs(api, 'head');
    const response = await submit(btsBody(files), head);
    expect(response.status).toBe(403);
  });
});
