import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { verifyAuditChain } from '@motcua/audit';
import { startTestApi, startTestEngine, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { btsBody, ownedFiles } from './support/dossiers';

describe('BTS approval from submission to delivered result, through the API and the engine', () => {
  let api: TestApi;
  let engine: INestApplicationContext;
  let citizen: Session;
  let officers: Record<'reception' | 'head' | 'specialist' | 'director', Session>;
  let code: string;

  beforeAll(async () => {
    api = await startTestApi();
    engine = await startTestEngine(api);
    citizen = await newCitizen(api, 'Đặng Văn Trạm');
    officers = {
      reception: await loginAs(api, 'reception'),
      head: await loginAs(api, 'head'),
      specialist: await loginAs(api, 'specialist'),
      director: await loginAs(api, 'director'),
    };
    const files = await ownedFiles(api, citizen.userId, 5);
    const submitted = await request(api.http).post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', randomUUID()).send(btsBody(files)).expect(201);
    code = submitted.body.code;
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  const act = (session: Session, body: Record<string, unknown>) => request(api.http).post(`/api/v1/dossiers/${code}/actions`).set(session.auth).send(body);

  it('offers the receptionist accept, refuse and request_supplement', async () => {
    const response = await request(api.http).get(`/api/v1/dossiers/${code}/actions`).set(officers.reception.auth).expect(200);
    expect(response.body.actions.map((a: { action: string }) => a.action).sort()).toEqual(['accept', 'refuse', 'request_supplement']);
    const mine = await request(api.http).get(`/api/v1/dossiers/${code}/actions`).set(citizen.auth).expect(200);
    expect(mine.body.actions.map((a: { action: string }) => a.action)).toEqual(['withdraw']);
  });

  it('refuses an action of another step (409), of another role (403) and without its requirements (422)', async () => {
    const wrongStep = await act(officers.head, { action: 'approve' });
    expect([wrongStep.status, wrongStep.body.code]).toEqual([409, 'action_not_allowed']);
    const wrongRole = await act(officers.director, { action: 'accept' });
    expect([wrongRole.status, wrongRole.body.code]).toEqual([403, 'forbidden']);
    const incomplete = await act(officers.reception, { action: 'refuse' });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors).toEqual([{ field: 'reason', message: 'is required for this action' }]);
    const unknown = await act(officers.reception, { action: 'teleport' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('action');
  });

  it('accepts at the desk: status 2 with the due date counted by the calendar', async () => {
    const before = await request(api.http).get(`/api/v1/dossiers/${code}`).set(officers.reception.auth).expect(200);
    const stale = await act(officers.reception, { action: 'accept', expectedVersion: before.body.version + 1 });
    expect([stale.status, stale.body.code]).toEqual([409, 'version_conflict']);

    const accepted = await act(officers.reception, { action: 'accept', expectedVersion: before.body.version, comment: 'Hồ sơ đầy đủ' }).expect(200);
    expect(accepted.body).toMatchObject({ status: { code: 2, name: 'Được tiếp nhận' }, step: { code: 'assignment' }, version: before.body.version + 1 });
    expect(accepted.body.receivedAt).toEqual(expect.any(String));
    const due = await request(api.http)
      .get('/api/v1/calendar/due-date')
      .query({ start: accepted.body.receivedAt, value: 10, unit: 'working_days' })
      .expect(200);
    expect(accepted.body.dueAt).toBe(due.body.dueAt);
    expect(accepted.body.stepDueAt).toEqual(expect.any(String));
  });

  it('is assigned by the head to a specialist of the division', async () => {
    const outsider = await loginAs(api, 'specialist.ttbcxb');
    const wrongDivision = await act(officers.head, { action: 'assign', assignee: outsider.userId });
    expect(wrongDivision.status).toBe(422);
    expect(wrongDivision.body.errors[0].field).toBe('assignee');

    const assigned = await act(officers.head, { action: 'assign', assignee: officers.specialist.userId }).expect(200);
    expect(assigned.body).toMatchObject({ status: { code: 4 }, step: { code: 'appraisal' }, assigneeId: officers.specialist.userId });
    const mine = await request(api.http).get('/api/v1/dossiers').query({ view: 'mine' }).set(officers.specialist.auth).expect(200);
    expect(mine.body.items.map((d: { code: string }) => d.code)).toContain(code);
  });

  it('lets exactly one of fifty conflicting actions win', async () => {
    const { body } = await request(api.http).get(`/api/v1/dossiers/${code}`).set(officers.specialist.auth).expect(200);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => act(officers.specialist, { action: 'forward', expectedVersion: body.version, comment: `Thẩm định đạt (${i})` })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const history = await request(api.http).get(`/api/v1/dossiers/${code}/history`).set(officers.specialist.auth).expect(200);
    expect(history.body.items.filter((h: { action: string }) => h.action === 'forward')).toHaveLength(1);
  });

  it('goes through review, approval, result and delivery', async () => {
    await act(officers.head, { action: 'approve' }).expect(200);
    await act(officers.director, { action: 'approve', comment: 'Đồng ý' }).expect(200);
    const issued = await act(officers.specialist, { action: 'issue_result', resultDocument: { number: '1234/SKHCN-BCVT' } }).expect(200);
    expect(issued.body).toMatchObject({ status: { code: 9, name: 'Đã xử lý xong' }, step: { code: 'result_ready' } });
    expect(issued.body.finishedAt).toEqual(expect.any(String));
    const delivered = await act(officers.reception, { action: 'deliver', deliveryRecord: { method: 'online', receivedBy: 'Đặng Văn Trạm' } }).expect(200);
    expect(delivered.body).toMatchObject({ status: { code: 10, name: 'Đã trả kết quả' }, step: { code: 'delivered' } });
    const rated = await act(citizen, { action: 'rate', rating: { score: 5, comment: 'Nhanh' } }).expect(200);
    expect(rated.body.status.code).toBe(10);
    const again = await act(citizen, { action: 'rate', rating: { score: 1 } });
    expect([again.status, again.body.code]).toEqual([409, 'action_limit_reached']);
  });

  it('keeps a control slip, an unbroken audit chain and events in sequence', async () => {
    const history = await request(api.http).get(`/api/v1/dossiers/${code}/history`).set(citizen.auth).expect(200);
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual([
      'submit',
      'accept',
      'assign',
      'forward',
      'approve',
      'approve',
      'issue_result',
      'deliver',
      'rate',
    ]);
    const assign = history.body.items[2];
    expect(assign).toMatchObject({ from: { step: 'assignment', unit: 'BCVT', userId: officers.head.userId }, to: { step: 'appraisal', unit: 'BCVT', userId: officers.specialist.userId } });

    const db = await api.db.dataSource(2);
    const [{ id }] = await db.query('SELECT id FROM dossiers WHERE code = $1', [code]);
    expect(await verifyAuditChain(db.manager, id)).toEqual({ valid: true, entries: 9 });
    const events = await db.query('SELECT event_type, sequence, payload FROM outbox WHERE aggregate_id = $1 ORDER BY id', [id]);
    expect(events.map((e: { sequence: number }) => e.sequence)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(events.filter((e: { event_type: string }) => e.event_type === 'dossier.status_changed').map((e: { payload: { data: { status: { code: number } } } }) => e.payload.data.status.code)).toEqual([2, 4, 9, 10]);
    expect(events.map((e: { event_type: string }) => e.event_type)).toContain('dossier.result_issued');

    await db.query("UPDATE audit_log SET data = jsonb_set(data, '{tampered}', 'true') WHERE id = (SELECT min(id) + 3 FROM audit_log WHERE dossier_id = $1)", [id]);
    const broken = await verifyAuditChain(db.manager, id);
    expect(broken.valid).toBe(false);
    expect(broken.reason).toBe('hash does not match the row');
  });
});
