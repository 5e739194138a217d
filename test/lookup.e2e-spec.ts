import request from 'supertest';
import { DossierEntity } from '@motcua/dossiers';
import { buildIntakeApi, initIntakeApi, IntakeApiApplication } from '../apps/intake-api/src/intake-api.app';
import { LOOKUP_RATE_LIMIT } from '../apps/intake-api/src/lookup/lookup.controller';
import { LOOKUP_DEADLINE_MS } from '../apps/intake-api/src/lookup/lookup.service';
import { startTestApi, TestApi } from './support/api';

const LIMIT = LOOKUP_RATE_LIMIT.limit;

const CITIZEN = {
  fullName: 'Trần Thị Bích Ngọc',
  idNumber: '001099012345',
  phone: '0912345678',
  email: 'ngoc.tran@example.vn',
  address: '12 Phố Huế, Hai Bà Trưng, Hà Nội',
  type: 1,
};
const COMPANY = { ...CITIZEN, fullName: 'Công ty Cổ phần Viễn thông Sao Mai', idNumber: '0101234567-001', type: 2 };
const PERSONAL_DATA = [CITIZEN.fullName, CITIZEN.idNumber, CITIZEN.phone, CITIZEN.email, CITIZEN.address, 'site-secret-field'];

const CITIZEN_DOSSIER = '000.00.14.H23-260105-0001';
const COMPANY_DOSSIER = '000.00.14.H23-260105-0002';

describe('GET /lookup: public dossier progress', () => {
  let api: TestApi;
  /** Each functional request comes from its own client address, so those tests never spend each other's budget. */
  let clients = 0;
  const lookup = (query: Record<string, unknown>, http = api.http, from = `198.51.100.${++clients}`) =>
    request(http).get('/api/v1/lookup').query(query).set('X-Forwarded-For', from);

  beforeAll(async () => {
    api = await startTestApi();
    const db = await api.db.dataSource();
    const [procedureVersion] = await db.query(`SELECT id FROM procedure_versions WHERE procedure_code = 'bts-location-approval' ORDER BY version DESC LIMIT 1`);
    const [workflowVersion] = await db.query(`SELECT id FROM workflow_versions WHERE workflow_code = 'bts-approval' ORDER BY version DESC LIMIT 1`);
    const [agency] = await db.query(`SELECT id FROM agencies WHERE code = 'SKHCN'`);
    const dossier = (code: string, applicant: typeof CITIZEN) => ({
      code,
      procedureCode: 'bts-location-approval',
      procedureVersionId: procedureVersion.id,
      workflowVersionId: workflowVersion.id,
      agencyId: agency.id,
      applicant,
      applicantName: applicant.fullName,
      applicantIdNumber: applicant.idNumber,
      fields: { siteName: 'site-secret-field' },
      channel: 2,
      resultDelivery: 'online',
      status: 4,
      step: 'appraisal',
      submittedAt: new Date('2026-01-05T02:00:00Z'),
      receivedAt: new Date('2026-01-05T03:00:00Z'),
      dueAt: new Date('2026-01-19T10:00:00Z'),
    });
    await db.getRepository(DossierEntity).save([dossier(CITIZEN_DOSSIER, CITIZEN), dossier(COMPANY_DOSSIER, COMPANY)]);
  });
  afterAll(() => api.close());

  describe('answers', () => {
    it("shows a dossier's progress to whoever has its code and the applicant's ID number", async () => {
      const response = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }).expect(200);
      expect(response.body).toEqual({
        code: CITIZEN_DOSSIER,
        procedure: { code: 'bts-location-approval', name: 'Chấp thuận vị trí xây dựng, lắp đặt trạm thu phát sóng thông tin di động (BTS)' },
        status: { code: 4, name: 'Đang xử lý' },
        step: { code: 'appraisal', name: 'Thẩm định hồ sơ', publicText: 'Hồ sơ đang được thẩm định tại phòng chuyên môn.' },
        submittedAt: '2026-01-05T02:00:00.000Z',
        receivedAt: '2026-01-05T03:00:00.000Z',
        dueAt: '2026-01-19T10:00:00.000Z',
        finishedAt: null,
      });
      expect(response.headers['ratelimit-limit']).toBe(String(LIMIT));
      expect(response.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
    });

    it('carries exactly the allowed keys and nothing personal', async () => {
      const response = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }).expect(200);
      expect(Object.keys(response.body).sort()).toEqual(
        ['code', 'procedure', 'status', 'step', 'submittedAt', 'receivedAt', 'dueAt', 'finishedAt'].sort(),
      );
      expect(Object.keys(response.body.procedure).sort()).toEqual(['code', 'name']);
      expect(Object.keys(response.body.status).sort()).toEqual(['code', 'name']);
      expect(Object.keys(response.body.step).sort()).toEqual(['code', 'name', 'publicText']);
      for (const personal of PERSONAL_DATA) expect(response.text).not.toContain(personal);
    });

    it("finds a company's dossier by its branch tax code, and accepts surrounding spaces", async () => {
      const response = await lookup({ code: ` ${COMPANY_DOSSIER} `, idNumber: ` ${COMPANY.idNumber}` }).expect(200);
      expect(response.body.code).toBe(COMPANY_DOSSIER);
      expect(response.text).not.toContain(COMPANY.fullName);
    });

    it('gives one identical 404 for a wrong ID number and for an unknown code', async () => {
      const wrongId = await lookup({ code: CITIZEN_DOSSIER, idNumber: '001099099999' });
      const unknownCode = await lookup({ code: '000.00.14.H23-260105-9999', idNumber: CITIZEN.idNumber });
      const rightIdOtherDossier = await lookup({ code: COMPANY_DOSSIER, idNumber: CITIZEN.idNumber });
      for (const response of [wrongId, unknownCode, rightIdOtherDossier]) {
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toBe(wrongId.headers['content-type']);
        expect(response.text).toBe(wrongId.text);
        // Same header names and values, but for the per-request ones.
        const comparable = ({ date: _date, 'x-request-id': _id, ...headers }: Record<string, string>) => headers;
        expect(comparable(response.headers)).toEqual(comparable(wrongId.headers));
      }
      expect(wrongId.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(wrongId.body).toEqual({
        type: 'urn:motcua:problem:dossier_not_found',
        title: 'Not found',
        status: 404,
        code: 'dossier_not_found',
        detail: 'No dossier matches this code and ID number.',
      });
    });

    it('answers each of many concurrent lookups with its own dossier, though they share selects', async () => {
      const asked = Array.from({ length: 24 }, (_, i) => {
        if (i % 4 === 0) return { query: { code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }, expected: CITIZEN_DOSSIER };
        if (i % 4 === 1) return { query: { code: COMPANY_DOSSIER, idNumber: COMPANY.idNumber }, expected: COMPANY_DOSSIER };
        if (i % 4 === 2) return { query: { code: COMPANY_DOSSIER, idNumber: CITIZEN.idNumber }, expected: undefined };
        return { query: { code: `000.00.14.H23-260105-${9000 + i}`, idNumber: CITIZEN.idNumber }, expected: undefined };
      });
      const answers = await Promise.all(asked.map(({ query }) => lookup(query)));
      answers.forEach((response, i) => {
        expect(response.status).toBe(asked[i].expected ? 200 : 404);
        if (asked[i].expected) expect(response.body.code).toBe(asked[i].expected);
      });
    });

    it('answers a retryable 503 when the select hangs, and answers again once the table is free', async () => {
      const blocker = (await api.db.dataSource()).createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      await blocker.query('LOCK TABLE dossiers IN ACCESS EXCLUSIVE MODE'); // every select on it now waits
      try {
        const response = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }).expect(503);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['retry-after']).toBeDefined();
        expect(response.body.code).toBe('service_unavailable');
      } finally {
        await blocker.rollbackTransaction();
        await blocker.release();
      }
      await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }).expect(200);
    }, LOOKUP_DEADLINE_MS + 15_000);

    it('needs no token, and ignores a bad one', async () => {
      await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }).set('Authorization', 'Bearer not.a.token').expect(200);
    });

    it('is in the OpenAPI document with its 429', async () => {
      const response = await request(api.http).get('/docs-json').expect(200);
      expect(Object.keys(response.body.paths['/api/v1/lookup'].get.responses)).toEqual(expect.arrayContaining(['200', '404', '422', '429']));
    });
  });

  describe('refuses malformed input with a 422 naming the field', () => {
    const fieldsOf = (response: request.Response) => response.body.errors.map((e: { field: string }) => e.field);

    it.each([
      ['code missing', { idNumber: CITIZEN.idNumber }, 'code'],
      ['code empty', { code: '', idNumber: CITIZEN.idNumber }, 'code'],
      ['code over 40 characters', { code: 'A'.repeat(41), idNumber: CITIZEN.idNumber }, 'code'],
      ['code very long', { code: 'A'.repeat(5000), idNumber: CITIZEN.idNumber }, 'code'],
      ['code with quotes', { code: "000' OR '1'='1", idNumber: CITIZEN.idNumber }, 'code'],
      ['code in Vietnamese letters', { code: 'Hồ-sơ-0001', idNumber: CITIZEN.idNumber }, 'code'],
      ['code with a NUL', { code: 'ABC\u0000DEF', idNumber: CITIZEN.idNumber }, 'code'],
      ['code given twice', { code: [CITIZEN_DOSSIER, COMPANY_DOSSIER], idNumber: CITIZEN.idNumber }, 'code'],
      ['idNumber missing', { code: CITIZEN_DOSSIER }, 'idNumber'],
      ['idNumber of 11 digits', { code: CITIZEN_DOSSIER, idNumber: '00109901234' }, 'idNumber'],
      ['idNumber with a letter', { code: CITIZEN_DOSSIER, idNumber: '00109901234a' }, 'idNumber'],
      ['idNumber as a malformed branch tax code', { code: CITIZEN_DOSSIER, idNumber: '0101234567-01' }, 'idNumber'],
      ['an unknown parameter', { code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber, fullName: 'x' }, 'fullName'],
    ])('%s', async (_case, query, field) => {
      const response = await lookup(query);
      expect(response.status).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('validation_failed');
      expect(fieldsOf(response)).toContain(field);
    });

    it('accepts 9-digit old ID numbers and 10-digit tax codes as well-formed', async () => {
      for (const idNumber of ['012345678', '0101234567']) {
        expect((await lookup({ code: CITIZEN_DOSSIER, idNumber })).status).toBe(404);
      }
    });
  });

  describe('rate limit', () => {
    const spend = async (http: TestApi['http'], from: string, count: number) => {
      for (let i = 0; i < count; i++) await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }, http, from).expect(200);
    };

    it(`answers 429 with Retry-After to the request after the ${LIMIT}th of a minute, per client`, async () => {
      const remaining: string[] = [];
      for (let i = 0; i < LIMIT; i++) {
        const response = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }, api.http, '203.0.113.7').expect(200);
        remaining.push(response.headers['ratelimit-remaining']);
      }
      expect(remaining[0]).toBe(String(LIMIT - 1));
      expect(remaining[LIMIT - 1]).toBe('0');

      const refused = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }, api.http, '203.0.113.7');
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'too_many_requests', type: 'urn:motcua:problem:too_many_requests' });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(refused.headers['ratelimit-limit']).toBe(String(LIMIT));
      expect(refused.headers['ratelimit-remaining']).toBe('0');
      expect(Number(refused.headers['ratelimit-reset'])).toBe(retryAfter);
      expect(refused.text).not.toContain(CITIZEN.fullName);

      // A spent budget refuses even well-formed lookups of other dossiers, and malformed ones.
      expect((await lookup({ code: COMPANY_DOSSIER, idNumber: COMPANY.idNumber }, api.http, '203.0.113.7')).status).toBe(429);
      expect((await lookup({}, api.http, '203.0.113.7')).status).toBe(429);

      const otherClient = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }, api.http, '203.0.113.8').expect(200);
      expect(otherClient.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
    });

    describe('across API replicas', () => {
      let second: IntakeApiApplication;

      beforeAll(async () => {
        // A second replica on the same PostgreSQL and Redis (same queue prefix), as behind a load balancer.
        second = await buildIntakeApi(api.config, api.catalogue);
        await initIntakeApi(second);
      });
      afterAll(() => second.close());

      it('shares one budget: what a client spends on one replica is spent on the other', async () => {
        await spend(api.http, '203.0.113.9', 10);
        const next = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }, second.getHttpServer(), '203.0.113.9').expect(200);
        expect(next.headers['ratelimit-remaining']).toBe(String(LIMIT - 11));

        await spend(api.http, '203.0.113.9', LIMIT - 11);
        const refused = await lookup({ code: CITIZEN_DOSSIER, idNumber: CITIZEN.idNumber }, second.getHttpServer(), '203.0.113.9');
        expect(refused.status).toBe(429);
        expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      });
    });
  });
});
