import request from 'supertest';
import { startTestApi, TestApi } from './support/api';

describe('catalogue, calendar and operations over HTTP', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const expectProblem = (response: request.Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, code, type: `urn:motcua:problem:${code}` });
    expect(typeof response.body.title).toBe('string');
  };

  describe('operations', () => {
    it('answers liveness', async () => {
      const response = await request(api.http).get('/api/v1/health').expect(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('is ready when PostgreSQL, Redis and migrations are', async () => {
      const response = await request(api.http).get('/api/v1/health/ready').expect(200);
      expect(response.body.status).toBe('ok');
      expect(Object.keys(response.body.details).sort()).toEqual(['migrations', 'postgres', 'redis']);
    });

    it('echoes a caller request id and makes one otherwise', async () => {
      const given = await request(api.http).get('/api/v1/health').set('X-Request-Id', 'portal-123');
      expect(given.headers['x-request-id']).toBe('portal-123');
      const made = await request(api.http).get('/api/v1/health').set('X-Request-Id', 'bad id with spaces');
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('serves Prometheus metrics including HTTP durations by route', async () => {
      await request(api.http).get('/api/v1/procedures').expect(200);
      const response = await request(api.http).get('/api/v1/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/motcua_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/procedures",status="200"\} \d+/);
      expect(response.text).toContain('process_resident_memory_bytes');
    });

    it('publishes the OpenAPI document', async () => {
      const response = await request(api.http).get('/docs-json').expect(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/procedures', '/api/v1/procedures/{code}', '/api/v1/calendar/due-date', '/api/v1/health/ready']),
      );
    });

    it('answers an unknown route with a problem', async () => {
      const response = await request(api.http).get('/api/v1/nowhere');
      expectProblem(response, 404, 'route_not_found');
      expect(response.body.detail).toBe('No route GET /api/v1/nowhere');
    });
  });

  describe('procedures', () => {
    it('lists the procedures of the catalogue', async () => {
      const response = await request(api.http).get('/api/v1/procedures').expect(200);
      const codes = response.body.items.map((p: { code: string }) => p.code);
      expect(codes).toHaveLength(api.catalogue.procedures.length);
      expect(codes.length).toBeGreaterThanOrEqual(10);
      expect(codes).toEqual(expect.arrayContaining(['bts-location-approval', 'bulletin-permit', 'radio-frequency-referral']));
      const bts = response.body.items.find((p: { code: string }) => p.code === 'bts-location-approval');
      expect(bts).toMatchObject({
        nationalCode: null,
        kind: 'full',
        processingTime: { value: 10, unit: 'working_days' },
        agency: { code: 'SKHCN', identifier: '000.00.14.H23' },
        version: 1,
        active: true,
      });
    });

    it('shows one procedure with its documents, form schema and steps', async () => {
      const response = await request(api.http).get('/api/v1/procedures/bulletin-permit').expect(200);
      expect(response.body).toMatchObject({ code: 'bulletin-permit', nationalCode: '1.009374', workflow: { code: 'bulletin-permit', version: 1 } });
      expect(response.body.documents.length).toBeGreaterThan(0);
      expect(response.body.documents[0]).toEqual(
        expect.objectContaining({ code: expect.any(String), required: expect.any(Boolean), accept: expect.any(Array), maxBytes: expect.any(Number) }),
      );
      expect(response.body.formSchema.type).toBe('object');
      expect(response.body.steps[0]).toMatchObject({ code: 'submitted', status: { code: 1, name: 'Mới đăng ký' } });
      expect(response.body.steps.find((s: { code: string }) => s.code === 'delivered')).toMatchObject({
        status: { code: 10, name: 'Đã trả kết quả' },
        terminal: true,
      });
    });

    it('answers an unknown procedure with procedure_not_found', async () => {
      expectProblem(await request(api.http).get('/api/v1/procedures/no-such-procedure'), 404, 'procedure_not_found');
    });
  });

  describe('calendar', () => {
    it('computes a due date in working days with its explanation', async () => {
      const response = await request(api.http)
        .get('/api/v1/calendar/due-date')
        .query({ start: '2025-11-03T09:00:00+07:00', value: 10, unit: 'working_days' })
        .expect(200);
      // Monday 3 Nov 2025, 09:00, plus ten working days of 8 hours, no holiday in between.
      expect(response.body.dueAt).toBe('2025-11-17T02:00:00.000Z');
      expect(response.body.explanation.length).toBeGreaterThan(0);
      expect(response.body.explanation[0]).toEqual(expect.objectContaining({ rule: expect.any(String), message: expect.any(String) }));
    });

    it('starts counting on the next working day after the cut-off and skips Tết', async () => {
      const response = await request(api.http)
        .get('/api/v1/calendar/due-date')
        .query({ start: '2026-02-13T15:30:00+07:00', value: 1, unit: 'working_days' })
        .expect(200);
      // Friday 13 Feb 2026 after 15:00; 14–22 Feb is the Tết break; counting starts Monday 23 Feb 07:00.
      expect(response.body.startsAt).toBe('2026-02-23T00:00:00.000Z');
      expect(response.body.dueAt).toBe('2026-02-23T10:00:00.000Z');
      expect(response.body.explanation.map((e: { rule: string }) => e.rule)).toContain('after_cutoff');
    });

    it.each([
      [{ start: 'yesterday', value: 1, unit: 'working_days' }, 'start'],
      [{ start: '2025-11-03T09:00:00+07:00', value: 'ten', unit: 'working_days' }, 'value'],
      [{ start: '2025-11-03T09:00:00+07:00', value: 0, unit: 'working_days' }, 'value'],
      [{ start: '2025-11-03T09:00:00+07:00', value: 1, unit: 'fortnights' }, 'unit'],
      [{ value: 1, unit: 'working_days' }, 'start'],
    ])('refuses %p naming %s', async (query, field) => {
      const response = await request(api.http).get('/api/v1/calendar/due-date').query(query);
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses unknown query parameters', async () => {
      const response = await request(api.http).get('/api/v1/calendar/days').query({ year: 2026, month: 2 });
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain('month');
    });

    it('lists the non-working days and make-up days of a year with reasons', async () => {
      const response = await request(api.http).get('/api/v1/calendar/days').query({ year: 2025 }).expect(200);
      const byDate = new Map(response.body.days.map((d: { date: string }) => [d.date, d]));
      expect(byDate.get('2025-01-29')).toMatchObject({ kind: 'holiday' });
      expect(byDate.get('2025-09-02')).toMatchObject({ kind: 'holiday' });
      expect(byDate.get('2025-04-26')).toMatchObject({ kind: 'working_day' });
      expect(byDate.get('2025-05-02')).toMatchObject({ kind: 'day_off' });
      expect(response.body.days.every((d: { reason: string }) => d.reason.length > 0)).toBe(true);
    });

    it('refuses a year outside the table', async () => {
      const response = await request(api.http).get('/api/v1/calendar/days').query({ year: 1899 });
      expectProblem(response, 422, 'validation_failed');
      expect(response.body.errors[0].field).toBe('year');
    });
  });
});
