import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { startTestApi, startTestEngine, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { BTS_DOCUMENTS, btsBody } from './support/dossiers';

/** A small but real PDF: the type is read from these bytes, not from the name. */
const pdf = (label: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Title (${label}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

describe('a citizen submits a BTS dossier and follows it; officers find it in their work list', () => {
  let api: TestApi;
  let engine: INestApplicationContext;
  let citizen: Session & { idNumber: string };
  let body: ReturnType<typeof btsBody>;
  let code: string;
  const key = randomUUID();

  beforeAll(async () => {
    api = await startTestApi();
    engine = await startTestEngine(api);
    citizen = await newCitizen(api, 'Hồ Văn Sóng');
    const fileIds: string[] = [];
    for (const document of BTS_DOCUMENTS) {
      const upload = await request(api.http)
        .post('/api/v1/files')
        .set(citizen.auth)
        .attach('file', pdf(document), { filename: `${document}.pdf`, contentType: 'application/pdf' })
        .expect(201);
      expect(upload.body).toMatchObject({ mimeType: 'application/pdf', name: `${document}.pdf` });
      fileIds.push(upload.body.id);
    }
    body = btsBody(fileIds, { applicant: { fullName: 'Hồ Văn Sóng', idNumber: citizen.idNumber, phone: '0987654321', type: 1 } });
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  it('submits with uploaded documents and sees the dossier in their list with its code', async () => {
    const submitted = await request(api.http).post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', key).send(body).expect(201);
    code = submitted.body.code;
    expect(code).toMatch(/^000\.00\.14\.H23-\d{6}-\d{4}$/);
    const mine = await request(api.http).get('/api/v1/dossiers').set(citizen.auth).expect(200);
    expect(mine.body).toMatchObject({ total: 1, page: 1 });
    expect(mine.body.items[0]).toMatchObject({ code, status: { code: 1 }, procedure: { code: 'bts-location-approval' } });
  });

  it('gets the same dossier back when the request is replayed', async () => {
    const replay = await request(api.http).post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', key).send(body).expect(201);
    expect(replay.body.code).toBe(code);
    const mine = await request(api.http).get('/api/v1/dossiers').set(citizen.auth).expect(200);
    expect(mine.body.total).toBe(1);
  });

  it('is invisible to another citizen', async () => {
    const other = await newCitizen(api, 'Ông Văn Lạ');
    const direct = await request(api.http).get(`/api/v1/dossiers/${code}`).set(other.auth);
    expect(direct.status).toBe(404);
    expect((await request(api.http).get(`/api/v1/dossiers/${code}/history`).set(other.auth)).status).toBe(404);
    const list = await request(api.http).get('/api/v1/dossiers').set(other.auth).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('waits for reception in the receptionist\'s work list, and not in another department\'s', async () => {
    const reception = await loginAs(api, 'reception');
    const waiting = await request(api.http).get('/api/v1/dossiers').query({ view: 'reception', q: 'Hồ Văn' }).set(reception.auth).expect(200);
    expect(waiting.body.items.map((d: { code: string }) => d.code)).toEqual([code]);
    const byCode = await request(api.http).get('/api/v1/dossiers').query({ q: code.slice(0, 20) }).set(reception.auth).expect(200);
    expect(byCode.body.items.map((d: { code: string }) => d.code)).toContain(code);
    const culture = await loginAs(api, 'reception.svhttdl');
    expect((await request(api.http).get(`/api/v1/dossiers/${code}`).set(culture.auth)).status).toBe(404);
    const specialistOfAnotherDivision = await loginAs(api, 'specialist.ttbcxb');
    expect((await request(api.http).get('/api/v1/dossiers').set(specialistOfAnotherDivision.auth).expect(200)).body.total).toBe(0);
  });

  it('shows on the public lookup without personal data', async () => {
    const found = await request(api.http).get('/api/v1/lookup').query({ code, idNumber: citizen.idNumber }).expect(200);
    expect(found.body).toMatchObject({ code, status: { code: 1, name: 'Mới đăng ký' }, procedure: { code: 'bts-location-approval' } });
    const text = JSON.stringify(found.body);
    for (const secret of [citizen.idNumber, 'Hồ Văn Sóng', '0987654321', 'HNI-BD-0412']) expect(text).not.toContain(secret);
    const wrong = await request(api.http).get('/api/v1/lookup').query({ code, idNumber: '001099000000' });
    expect(wrong.status).toBe(404);
  });

  it('filters the work list by status, procedure, overdue and due date, sorted by due date', async () => {
    const head = await loginAs(api, 'head');
    const list = await request(api.http)
      .get('/api/v1/dossiers')
      .query({ status: '1,2', procedureCode: 'bts-location-approval', overdue: 'false', sort: '-submittedAt', page: 1, pageSize: 5 })
      .set(head.auth)
      .expect(200);
    expect(list.body.items.map((d: { code: string }) => d.code)).toContain(code);
    const bad = await request(api.http).get('/api/v1/dossiers').query({ status: '11', pageSize: 500, sort: 'name' }).set(head.auth);
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'sort', 'status']);
  });
});
