import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Queue } from 'bullmq';
import { QUEUES, redisOptions } from '@motcua/messaging';
import { EngineClock, TimerRunner } from '@motcua/workflow';
import { startTestApi, startTestEngine, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { ownedFiles, submitValid } from './support/dossiers';

type Officer = 'reception' | 'head' | 'specialist' | 'director' | 'reception.svhttdl' | 'head.ttbcxb' | 'specialist.ttbcxb' | 'director.svhttdl';

describe('workflow journeys through the API and the engine', () => {
  let api: TestApi;
  let engine: INestApplicationContext;
  let citizen: Session;
  const officers = {} as Record<Officer, Session>;

  beforeAll(async () => {
    api = await startTestApi();
    engine = await startTestEngine(api);
    citizen = await newCitizen(api, 'Lý Thị Hoa');
    for (const name of ['reception', 'head', 'specialist', 'director', 'reception.svhttdl', 'head.ttbcxb', 'specialist.ttbcxb', 'director.svhttdl'] as Officer[]) {
      officers[name] = await loginAs(api, name);
    }
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  const act = async (session: Session, code: string, body: Record<string, unknown>, status = 200) => {
    const response = await request(api.http).post(`/api/v1/dossiers/${code}/actions`).set(session.auth).send(body);
    if (response.status !== status) throw new Error(`${body.action}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const read = async (code: string, session: Session = citizen) => (await request(api.http).get(`/api/v1/dossiers/${code}`).set(session.auth).expect(200)).body;
  const history = async (code: string) =>
    (await request(api.http).get(`/api/v1/dossiers/${code}/history`).set(citizen.auth).expect(200)).body.items.map((h: { action: string }) => h.action);
  const sql = async (query: string, params: unknown[] = []) => (await api.db.dataSource(2)).query(query, params);

  /** Accept and assign a dossier to the division's specialist: it is then in appraisal. */
  async function intoAppraisal(code: string, desk: Officer, head: Officer, specialist: Officer) {
    await act(officers[desk], code, { action: 'accept' });
    await act(officers[head], code, { action: 'assign', assignee: officers[specialist].userId });
  }

  it('bulletin permit: one supplementation moves the due date by exactly the paused time, then payment and result', async () => {
    const clock = engine.get(EngineClock);
    const at = (local: string) => new Date(`${local}+07:00`);
    const code = await submitValid(api, citizen, 'bulletin-permit');
    // Accepted Monday 3 November 2025, 09:00: 20 calendar days end on Sunday 23 Nov, rolled to Monday 24 Nov 17:00.
    clock.set(at('2025-11-03T09:00:00'));
    await intoAppraisal(code, 'reception.svhttdl', 'head.ttbcxb', 'specialist.ttbcxb');
    const before = await read(code);
    expect(before.dueAt).toBe(at('2025-11-24T17:00:00').toISOString());
    clock.set(at('2025-11-05T10:00:00'));

    const waiting = await act(officers['specialist.ttbcxb'], code, { action: 'request_supplement', missingItems: [{ name: 'Sơ yếu lý lịch người chịu trách nhiệm có xác nhận' }] });
    expect(waiting).toMatchObject({ status: { code: 5 }, step: { code: 'waiting_supplement_appraisal' }, supplementRequestCount: 1 });
    expect(waiting.pausedAt).toEqual(expect.any(String));
    expect(waiting.dueAt).toBe(before.dueAt);

    const [cv] = await ownedFiles(api, citizen.userId, 1);
    // The supplement arrives Friday 10:00: the clock stood still for two days.
    clock.set(at('2025-11-07T10:00:00'));
    const resumed = await act(citizen, code, { action: 'supplement', documents: [{ code: 'responsible-cv', fileId: cv }] });
    expect(resumed).toMatchObject({ status: { code: 4 }, step: { code: 'appraisal' }, pausedAt: null });
    const [{ pauses }] = await sql('SELECT pauses FROM dossiers WHERE code = $1', [code]);
    expect(pauses).toHaveLength(1);
    expect(pauses).toEqual([{ start: at('2025-11-05T10:00:00').toISOString(), end: at('2025-11-07T10:00:00').toISOString(), reason: 'applicant' }]);
    // Sunday 23 Nov 17:00 + 48 h = Tuesday 25 Nov 17:00: exactly the paused time later than the unpaused end.
    expect(resumed.dueAt).toBe(at('2025-11-25T17:00:00').toISOString());
    // The portal is told the promised date moved, alongside the status change.
    const events = await sql(
      `SELECT o.event_type, o.payload -> 'data' AS data FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id WHERE d.code = $1 ORDER BY o.sequence DESC LIMIT 3`,
      [code],
    );
    expect(events.map((e: { event_type: string }) => e.event_type).sort()).toEqual(['dossier.due_date_changed', 'dossier.status_changed', 'dossier.step_changed']);
    expect(events[0].data).toMatchObject({ dueAt: resumed.dueAt, detail: { previousDueAt: before.dueAt, cause: 'supplement' } });
    clock.reset();
    expect(resumed.documents.filter((d: { purpose: string }) => d.purpose === 'supplement')).toEqual([{ code: 'responsible-cv', fileId: cv, purpose: 'supplement' }]);

    await act(officers['specialist.ttbcxb'], code, { action: 'forward', comment: 'Đủ điều kiện cấp phép' });
    await act(officers['head.ttbcxb'], code, { action: 'approve' });
    await act(officers['director.svhttdl'], code, { action: 'approve' });
    const payment = await act(officers['reception.svhttdl'], code, { action: 'request_payment', paymentAmount: 200000 });
    expect(payment).toMatchObject({ status: { code: 6, name: 'Yêu cầu thực hiện nghĩa vụ tài chính' }, step: { code: 'waiting_payment' } });
    const paid = await act(officers['reception.svhttdl'], code, { action: 'record_payment', paymentReceipt: 'BL-2025-000123' });
    expect(paid).toMatchObject({ status: { code: 4 }, step: { code: 'result_issuing' } });
    await act(officers['specialist.ttbcxb'], code, { action: 'issue_result', resultDocument: { number: '15/GP-SVHTTDL' } });
    const done = await act(officers['reception.svhttdl'], code, { action: 'deliver', deliveryRecord: { method: 'counter', receivedBy: 'Lý Thị Hoa' } });
    expect(done.status.code).toBe(10);
    expect(await history(code)).toEqual([
      'submit', 'accept', 'assign', 'request_supplement', 'supplement', 'forward', 'approve', 'approve', 'request_payment', 'record_payment', 'issue_result', 'deliver',
    ]);
  });

  it('frequency referral: waits for the frequency authority, with the time outside tracked apart', async () => {
    const code = await submitValid(api, citizen, 'radio-frequency-referral');
    await intoAppraisal(code, 'reception', 'head', 'specialist');
    await act(officers.specialist, code, { action: 'forward', comment: 'Thông số kỹ thuật phù hợp' });
    await act(officers.head, code, { action: 'approve' });
    await act(officers.director, code, { action: 'approve' });
    const [letter] = await ownedFiles(api, officers.specialist.userId, 1);
    const referred = await act(officers.specialist, code, {
      action: 'refer_external',
      externalAgency: 'Cục Tần số Vô tuyến điện',
      documents: [{ code: 'consent-letter', fileId: letter }],
    });
    expect(referred).toMatchObject({ status: { code: 4 }, step: { code: 'external_review' } });
    expect(referred.pausedAt).toEqual(expect.any(String));
    expect(referred.stepDueAt).toEqual(expect.any(String));
    const back = await act(officers.specialist, code, { action: 'record_external_result', externalResult: { decision: 'approved', reference: '567/GP-CTS' } });
    expect(back).toMatchObject({ step: { code: 'result_issuing' }, pausedAt: null });
    const [{ pauses }] = await sql('SELECT pauses FROM dossiers WHERE code = $1', [code]);
    expect(pauses.map((p: { reason: string }) => p.reason)).toEqual(['external']);
    const slip = (await request(api.http).get(`/api/v1/dossiers/${code}/history`).set(citizen.auth)).body.items;
    expect(slip.find((h: { action: string }) => h.action === 'refer_external').to.unit).toBe('Cục Tần số Vô tuyến điện');
  });

  it('refusal at reception ends the dossier with status 3 and the reason', async () => {
    const code = await submitValid(api, citizen, 'bts-location-approval');
    const refused = await act(officers.reception, code, { action: 'refuse', reason: 'Thủ tục không thuộc thẩm quyền của Sở' });
    expect(refused).toMatchObject({ status: { code: 3, name: 'Không được tiếp nhận' }, step: { code: 'refused' } });
    expect(refused.finishedAt).toEqual(expect.any(String));
    expect(refused.receivedAt).toBeNull();
    await act(officers.reception, code, { action: 'accept' }, 409);
  });

  it('withdrawal by the applicant until approval, never by an officer', async () => {
    const code = await submitValid(api, citizen, 'bts-location-approval');
    await intoAppraisal(code, 'reception', 'head', 'specialist');
    await act(officers.head, code, { action: 'withdraw', reason: 'Thay mặt công dân' }, 403);
    const withdrawn = await act(citizen, code, { action: 'withdraw', reason: 'Doanh nghiệp đổi vị trí trạm' });
    expect(withdrawn).toMatchObject({ status: { code: 7 }, step: { code: 'withdrawn' } });
    const other = await newCitizen(api, 'Kiều Văn Khác');
    const response = await request(api.http).post(`/api/v1/dossiers/${code}/actions`).set(other.auth).send({ action: 'withdraw', reason: 'không phải của tôi' });
    expect(response.status).toBe(404);
  });

  it('a stopped dossier keeps its reason and takes no more actions', async () => {
    const code = await submitValid(api, citizen, 'bts-location-approval');
    await intoAppraisal(code, 'reception', 'head', 'specialist');
    const stopped = await act(officers.director, code, { action: 'stop', reason: 'Vị trí nằm trong hành lang an toàn sân bay' });
    expect(stopped).toMatchObject({ status: { code: 8, name: 'Dừng xử lý' }, step: { code: 'stopped' } });
    await act(officers.specialist, code, { action: 'forward', comment: 'x' }, 409);
  });

  it('an overdue dossier: due soon and overdue timers fire once, escalate, and the apology is once and only before the due date', async () => {
    const code = await submitValid(api, citizen, 'bts-location-approval');
    await intoAppraisal(code, 'reception', 'head', 'specialist');
    const timers = engine.get(TimerRunner);

    const current = await read(code, officers.head);
    const promised = new Date(Date.parse(current.dueAt) + 5 * 86400_000).toISOString();
    const apology = await act(officers.head, code, { action: 'extend', newDueDate: promised, reason: 'Cần thêm thời gian khảo sát thực địa' });
    expect(apology.dueAt).toBe(promised);
    await act(officers.director, code, { action: 'extend', newDueDate: new Date(Date.parse(promised) + 86400_000).toISOString(), reason: 'lần hai' }, 409);

    // Time passes: the step's warning time, then its deadline, then the dossier's due date.
    await sql("UPDATE dossiers SET step_due_soon_at = now() - interval '2 minutes' WHERE code = $1", [code]);
    await timers.scanOnce();
    await timers.scanOnce();
    await sql("UPDATE dossiers SET step_due_at = now() - interval '1 minute', due_at = now() - interval '1 minute', extended_due_at = now() - interval '1 minute' WHERE code = $1", [code]);
    await timers.scanOnce();
    await timers.scanOnce();

    expect(await history(code)).toEqual(['submit', 'accept', 'assign', 'extend', 'step_due_soon', 'step_overdue', 'dossier_overdue']);
    const [{ id }] = await sql('SELECT id FROM dossiers WHERE code = $1', [code]);
    const events = await sql("SELECT event_type, payload->'data'->'detail' AS detail FROM outbox WHERE aggregate_id = $1 AND event_type IN ('dossier.due_soon', 'dossier.overdue') ORDER BY id", [id]);
    expect(events).toEqual([
      { event_type: 'dossier.due_soon', detail: expect.objectContaining({ scope: 'step', step: 'appraisal', notifyRoles: ['SPECIALIST'] }) },
      { event_type: 'dossier.overdue', detail: expect.objectContaining({ scope: 'step', step: 'appraisal', notifyRoles: ['HEAD'] }) },
      { event_type: 'dossier.overdue', detail: expect.objectContaining({ scope: 'dossier', notifyRoles: ['HEAD', 'DIRECTOR'] }) },
    ]);
    const overdueList = await request(api.http).get('/api/v1/dossiers').query({ overdue: true }).set(officers.head.auth).expect(200);
    expect(overdueList.body.items.map((d: { code: string }) => d.code)).toContain(code);
  });

  it("queues one wake-up job, at the step's next deadline", async () => {
    const code = await submitValid(api, citizen, 'bts-location-approval');
    await intoAppraisal(code, 'reception', 'head', 'specialist');
    const [{ id, step_due_soon_at, step_due_at }] = await sql('SELECT id, step_due_soon_at, step_due_at FROM dossiers WHERE code = $1', [code]);
    const timers = new Queue(QUEUES.workflowTimers, { connection: redisOptions(api.config.redis.url!), prefix: api.config.redis.queuePrefix });
    try {
      const delayed = (await timers.getDelayed()).map((job) => job.id!).filter((jobId) => jobId.startsWith(`${id}-`));
      // The accept's job for the step it entered stays queued; when it fires it finds nothing due.
      expect(delayed).toContain(`${id}-${step_due_soon_at.getTime()}`);
      expect(step_due_soon_at.getTime()).toBeLessThan(step_due_at.getTime());
      expect(delayed).not.toContain(`${id}-${step_due_at.getTime()}`);
    } finally {
      await timers.close();
    }
  });

  it('a supplement not received in time closes the dossier automatically', async () => {
    const code = await submitValid(api, citizen, 'bts-location-approval');
    await act(officers.reception, code, { action: 'request_supplement', missingItems: [{ name: 'Giấy phép viễn thông (bản sao)' }] });
    const [{ step_auto_action_at }] = await sql('SELECT step_auto_action_at FROM dossiers WHERE code = $1', [code]);
    expect(step_auto_action_at).not.toBeNull();
    await sql("UPDATE dossiers SET step_auto_action_at = now() - interval '1 minute' WHERE code = $1", [code]);
    await engine.get(TimerRunner).scanOnce();
    const closed = await read(code);
    expect(closed).toMatchObject({ status: { code: 3 }, step: { code: 'closed_unsupplemented' } });
    expect(await history(code)).toEqual(['submit', 'request_supplement', 'close_unsupplemented']);
  });

  it('a second supplementation request is counted (late in the national index)', async () => {
    const code = await submitValid(api, citizen, 'bts-location-approval');
    await act(officers.reception, code, { action: 'request_supplement', missingItems: [{ name: 'Bản vẽ mặt bằng' }] });
    await act(citizen, code, { action: 'supplement' });
    await intoAppraisal(code, 'reception', 'head', 'specialist');
    const again = await act(officers.specialist, code, { action: 'request_supplement', missingItems: [{ name: 'Kiểm định kết cấu' }] });
    expect(again.supplementRequestCount).toBe(2);
  });
});
