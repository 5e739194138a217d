import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { CalendarDayEntity, CalendarService, seedCalendar } from '@motcua/calendar';
import { civilDateIn, WorkingCalendar } from '@motcua/domain/calendar';
import { ACCESS_CACHE_MS, MAX_FAILED_LOGINS } from '@motcua/identity';
import { CalendarRecomputeRunner, DueDateRecomputer, RecomputeReport } from '@motcua/workflow';
import { buildIntakeApi, initIntakeApi, IntakeApiApplication } from '../apps/intake-api/src/intake-api.app';
import { startTestApi, startTestEngine, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { btsBody, ownedFiles } from './support/dossiers';

const WORKING_DAY_MS = 8 * 3_600_000;
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

interface DossierView {
  code: string;
  version: number;
  status: { code: number };
  step: { code: string };
  receivedAt: string;
  dueAt: string;
  stepDueAt: string | null;
}
interface HistoryRow {
  action: string;
  actorRole: string;
  note: string | null;
  data: Record<string, unknown> & { explanation?: { rule: string; date?: string }[] };
}

/** Civil dates strictly between two instants' dates, in the calendar's zone. */
function datesBetween(from: string, to: string): string[] {
  const first = civilDateIn(new Date(from), TIME_ZONE);
  const last = civilDateIn(new Date(to), TIME_ZONE);
  const dates: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`) + 86_400_000; t < Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return dates;
}
const isoWeekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;

describe('administration (/admin)', () => {
  let api: TestApi;
  let engine: INestApplicationContext;
  let admin: Session;
  let reception: Session;
  let head: Session;
  let citizen: Session;

  beforeAll(async () => {
    api = await startTestApi();
    engine = await startTestEngine(api);
    [admin, reception, head] = await Promise.all([loginAs(api, 'admin'), loginAs(api, 'reception'), loginAs(api, 'head')]);
    citizen = await newCitizen(api, 'Phạm Văn Trạm');
  });
  afterAll(async () => {
    await engine.close();
    await api.close();
  });

  const http = () => request(api.http);
  const db = () => api.db.dataSource(2);
  const calendar = (): Promise<WorkingCalendar> => api.app.get(CalendarService).calendar();
  const fieldsOf = (response: request.Response) => response.body.errors?.map((e: { field: string }) => e.field);
  const dossier = async (code: string): Promise<DossierView> => (await http().get(`/api/v1/dossiers/${code}`).set(reception.auth).expect(200)).body;
  const history = async (code: string): Promise<HistoryRow[]> => (await http().get(`/api/v1/dossiers/${code}/history`).set(reception.auth).expect(200)).body.items;
  const recomputeRows = async (code: string) => (await history(code)).filter((row) => row.action === 'recompute_due_date');
  const setDay = (date: string, body: Record<string, unknown>) => http().put(`/api/v1/admin/calendar/days/${date}`).set(admin.auth).send(body);
  const removeDay = (date: string) => http().delete(`/api/v1/admin/calendar/days/${date}`).set(admin.auth);
  const movedCodes = (report: RecomputeReport) => report.dossiers.map((d) => d.code);

  /** A BTS dossier submitted by the citizen and accepted at the desk through the engine. */
  async function acceptedDossier(): Promise<DossierView> {
    const files = await ownedFiles(api, citizen.userId, 5);
    const submitted = await http().post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', randomUUID()).send(btsBody(files)).expect(201);
    const accepted = await http().post(`/api/v1/dossiers/${submitted.body.code}/actions`).set(reception.auth).send({ action: 'accept' }).expect(200);
    return accepted.body;
  }

  /** A weekday inside the dossier's span that is a working day with no table entry. */
  async function plainWeekdayIn(d: DossierView): Promise<string> {
    const cal = await calendar();
    const date = datesBetween(d.receivedAt, d.dueAt).find((day) => isoWeekday(day) <= 5 && cal.isWorkingDay(day) && !cal.dayInfo(day));
    if (!date) throw new Error(`no plain weekday between ${d.receivedAt} and ${d.dueAt}`);
    return date;
  }

  async function plainSaturdayIn(d: DossierView): Promise<string> {
    const cal = await calendar();
    const date = datesBetween(d.receivedAt, d.dueAt).find((day) => isoWeekday(day) === 6 && !cal.dayInfo(day));
    if (!date) throw new Error(`no plain Saturday between ${d.receivedAt} and ${d.dueAt}`);
    return date;
  }

  describe('access', () => {
    const routes: [string, string][] = [
      ['get', '/api/v1/admin/calendar/days?year=2026'],
      ['put', '/api/v1/admin/calendar/days/2030-01-02'],
      ['delete', '/api/v1/admin/calendar/days/2030-01-02'],
      ['post', '/api/v1/admin/calendar/days/2030-01-02/restore'],
      ['post', '/api/v1/admin/calendar/recompute'],
      ['get', '/api/v1/admin/procedures'],
      ['patch', '/api/v1/admin/procedures/bts-location-approval'],
      ['get', '/api/v1/admin/users'],
      ['post', '/api/v1/admin/users'],
      ['patch', `/api/v1/admin/users/${randomUUID()}`],
      ['post', `/api/v1/admin/users/${randomUUID()}/unlock`],
      ['get', '/api/v1/admin/dossiers/000.00.14.H23-251103-0001/audit'],
    ];

    it.each(routes)('%s %s answers 401 without a token and 403 to a receptionist or a citizen', async (method, path) => {
      const call = () => (request(api.http) as unknown as Record<string, (path: string) => request.Test>)[method](path);
      const anonymous = await call().send({});
      expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthorized']);
      for (const session of [reception, citizen]) {
        const refused = await call().set(session.auth).send({});
        expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
      }
    });
  });

  describe('calendar overrides and due dates', () => {
    let first: DossierView;

    beforeAll(async () => {
      first = await acceptedDossier();
    });

    it.each([
      ['2026-02-30', 'not a date in the calendar'],
      ['2026-13-01', 'not a date in the calendar'],
      ['1999-12-31', 'between 2000 and 2100'],
      ['2101-01-01', 'between 2000 and 2100'],
      ['2026-1-5', 'YYYY-MM-DD'],
      ['tomorrow', 'YYYY-MM-DD'],
    ])('refuses the date %s with 422 on date (%s)', async (date, message) => {
      for (const response of [await setDay(date, { kind: 'day_off', reason: 'Nghỉ' }), await removeDay(date)]) {
        expect(response.status).toBe(422);
        expect(response.body.errors).toEqual([{ field: 'date', message: expect.stringContaining(message) }]);
      }
    });

    it('refuses an unknown kind, a missing reason and unknown fields, naming them', async () => {
      expect(fieldsOf(await setDay('2030-01-02', { kind: 'vacation', reason: 'Nghỉ' }))).toEqual(['kind']);
      expect(fieldsOf(await setDay('2030-01-02', { kind: 'day_off' }))).toContain('reason');
      expect(fieldsOf(await setDay('2030-01-02', { kind: 'day_off', reason: 'Nghỉ', source: 'statutory' }))).toEqual(['source']);
      expect(fieldsOf(await http().get('/api/v1/admin/calendar/days?year=1999').set(admin.auth))).toEqual(['year']);
    });

    it('moves an accepted dossier one working day later for a day off in its span, recording why, and back when it is removed', async () => {
      const dayOff = await plainWeekdayIn(first);
      const pool = await db();
      const [{ count: eventsBefore }] = await pool.query('SELECT count(*)::int AS count FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id WHERE d.code = $1', [first.code]);

      const set = await setDay(dayOff, { kind: 'day_off', reason: 'Nghỉ đột xuất do bão số 3' }).expect(200);
      expect(set.body.day).toMatchObject({ date: dayOff, working: false, kind: 'day_off', source: 'admin', updatedBy: admin.userId });
      const moved = await dossier(first.code);
      expect(set.body.recomputed).toMatchObject({ moved: 1, dossiers: [{ code: first.code, from: first.dueAt, to: moved.dueAt }] });
      expect(set.body.recomputed.examined).toBeGreaterThanOrEqual(1);
      expect(Date.parse(moved.dueAt)).toBeGreaterThan(Date.parse(first.dueAt));
      expect((await calendar()).workingTimeBetween(new Date(first.dueAt), new Date(moved.dueAt))).toBe(WORKING_DAY_MS);
      // Same status and step; a new version, so a command prepared against the old dates is stale.
      expect(moved).toMatchObject({ status: first.status, step: first.step, version: first.version + 1 });

      const [row] = await recomputeRows(first.code);
      expect(row).toMatchObject({ actorRole: 'SYSTEM', data: { previousDueAt: first.dueAt, dueAt: moved.dueAt, requestedBy: admin.userId } });
      expect(row.data.reason).toEqual(expect.stringContaining('Nghỉ đột xuất do bão số 3'));
      expect(row.data.reason).toEqual(expect.stringContaining(dayOff));
      expect(row.data.explanation).toContainEqual(expect.objectContaining({ rule: 'day_off', date: dayOff }));
      // The portal hears of the new date: one event, same status and step, the next sequence number.
      const events = await pool.query('SELECT o.event_type, o.sequence, o.payload FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id WHERE d.code = $1 ORDER BY o.sequence', [first.code]);
      expect(events).toHaveLength(eventsBefore + 1);
      const [changed] = events.slice(-1);
      expect(changed).toMatchObject({ event_type: 'dossier.due_date_changed', sequence: eventsBefore + 1 });
      expect(changed.payload.data).toMatchObject({
        dueAt: moved.dueAt,
        status: first.status,
        step: { code: first.step.code },
        detail: { previousDueAt: first.dueAt, cause: 'recompute_due_date', reason: expect.stringContaining(dayOff) },
      });
      const [logged] = await pool.query("SELECT actor_id, data FROM audit_log WHERE entity_type = 'calendar_day' AND entity_id = $1 AND action = 'calendar_day_set'", [dayOff]);
      expect(logged).toMatchObject({ actor_id: admin.userId, data: { before: null, after: { kind: 'day_off', source: 'admin' } } });

      const removed = await removeDay(dayOff).expect(200);
      expect(removed.body).toMatchObject({
        day: { date: dayOff, working: true, kind: null, source: null },
        removed: { kind: 'day_off', source: 'admin' },
        recomputed: { moved: 1, dossiers: [{ code: first.code, from: moved.dueAt, to: first.dueAt }] },
      });
      expect((await dossier(first.code)).dueAt).toBe(first.dueAt);
      expect(await recomputeRows(first.code)).toHaveLength(2);

      const again = await removeDay(dayOff);
      expect([again.status, again.body.code]).toEqual([404, 'calendar_day_not_found']);
    });

    it('moves a due date one working day earlier for a make-up working Saturday, and back when restored', async () => {
      const saturday = await plainSaturdayIn(first);
      const before = await calendar();
      const set = await setDay(saturday, { kind: 'working_day', reason: 'Làm bù cho ngày nghỉ đột xuất' }).expect(200);
      expect(set.body.day).toMatchObject({ working: true, kind: 'working_day' });
      const moved = await dossier(first.code);
      expect(set.body.recomputed.dossiers).toEqual([expect.objectContaining({ code: first.code, from: first.dueAt, to: moved.dueAt })]);
      expect(Date.parse(moved.dueAt)).toBeLessThan(Date.parse(first.dueAt));
      expect(before.workingTimeBetween(new Date(moved.dueAt), new Date(first.dueAt))).toBe(WORKING_DAY_MS);
      const rows = await recomputeRows(first.code);
      expect(rows[rows.length - 1].data.explanation).toContainEqual(expect.objectContaining({ rule: 'make_up_working_day', date: saturday }));

      // Not an official day: restoring the official calendar removes the row.
      const restored = await http().post(`/api/v1/admin/calendar/days/${saturday}/restore`).set(admin.auth).expect(200);
      expect(restored.body).toMatchObject({ day: { date: saturday, working: false, kind: null }, recomputed: { moved: 1 } });
      expect((await dossier(first.code)).dueAt).toBe(first.dueAt);
    });

    it('moves nothing when run again, even from two API replicas at once', async () => {
      // A day the seed added (a new government notice), straight into the table.
      const date = await plainWeekdayIn(first);
      const pool = await db();
      await pool.getRepository(CalendarDayEntity).insert({ date, kind: 'day_off', reason: 'Nghỉ theo thông báo mới', source: 'announced' });
      const rowsBefore = (await recomputeRows(first.code)).length;

      const second: IntakeApiApplication = await buildIntakeApi(api.config, api.catalogue);
      await initIntakeApi(second);
      try {
        const reports = await Promise.all([
          api.app.get(DueDateRecomputer).recomputeOpenDossiers('announced calendar updated', admin.userId),
          second.get(DueDateRecomputer).recomputeOpenDossiers('announced calendar updated', admin.userId),
        ]);
        expect(reports.map((r) => r.moved).reduce((a, b) => a + b)).toBe(1);
        expect(reports.flatMap(movedCodes)).toEqual([first.code]);
      } finally {
        await second.close();
      }
      expect(await recomputeRows(first.code)).toHaveLength(rowsBefore + 1);
      const version = (await dossier(first.code)).version;

      const rerun = await http().post('/api/v1/admin/calendar/recompute').set(admin.auth).send({ reason: 'Kiểm tra lại' }).expect(200);
      expect(rerun.body.recomputed).toMatchObject({ moved: 0, dossiers: [] });
      expect(rerun.body.recomputed.examined).toBeGreaterThanOrEqual(1);
      expect((await dossier(first.code)).version).toBe(version);
      expect(await recomputeRows(first.code)).toHaveLength(rowsBefore + 1);

      // Setting the same kind of day again is no move either; removing it is.
      expect((await setDay(date, { kind: 'day_off', reason: 'Nghỉ theo thông báo mới' }).expect(200)).body.recomputed.moved).toBe(0);
      expect((await removeDay(date).expect(200)).body.recomputed.dossiers).toEqual([expect.objectContaining({ code: first.code, to: first.dueAt })]);
    });

    it('leaves a dossier with an apology date where it is', async () => {
      const extended = await acceptedDossier();
      const promised = new Date(Date.parse(extended.dueAt) + 7 * 86_400_000).toISOString();
      const apology = await http()
        .post(`/api/v1/dossiers/${extended.code}/actions`)
        .set(head.auth)
        .send({ action: 'extend', newDueDate: promised, reason: 'Cần khảo sát thực địa vị trí trạm' })
        .expect(200);
      expect(apology.body.dueAt).toBe(promised);
      const [extension] = await (await db()).query(
        `SELECT o.payload FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id WHERE d.code = $1 AND o.event_type = 'dossier.due_date_changed'`,
        [extended.code],
      );
      expect(extension.payload.data).toMatchObject({ dueAt: promised, detail: { previousDueAt: extended.dueAt, cause: 'extend' } });

      const dayOff = await plainWeekdayIn(extended);
      const set = await setDay(dayOff, { kind: 'day_off', reason: 'Nghỉ đột xuất' }).expect(200);
      expect(movedCodes(set.body.recomputed)).not.toContain(extended.code);
      expect((await dossier(extended.code)).dueAt).toBe(promised);
      expect(await recomputeRows(extended.code)).toEqual([]);
      await removeDay(dayOff).expect(200);
      expect((await dossier(extended.code)).dueAt).toBe(promised);
    });

    it("moves open dossiers' due dates when a release's official calendar gains a day off, through the engine, and back when it loses it", async () => {
      const accepted = await acceptedDossier();
      const dayOff = await plainWeekdayIn(accepted);
      const pool = await db();
      const runner = engine.get(CalendarRecomputeRunner);
      // Carried out by this sweep, or by the engine's own minute tick if that came first.
      const carryOut = async () => {
        await runner.sweep();
        for (let waited = 0; (await pool.query('SELECT id FROM calendar_recomputes WHERE done_at IS NULL')).length && waited < 10_000; waited += 100) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      const notice = { date: dayOff, kind: 'day_off' as const, reason: 'Nghỉ bù theo thông báo mới', source: 'announced' as const };

      // What a start-up does with the release's config/calendar: the day and, with it, the work for the engine.
      const seeded = await pool.transaction((manager) => seedCalendar(manager, [...api.catalogue.announcedCalendar, notice]));
      expect(seeded.changedDates).toEqual([dayOff]);
      const pending = await pool.query('SELECT dates::text[] AS dates, reason FROM calendar_recomputes WHERE done_at IS NULL');
      expect(pending).toEqual([{ dates: [dayOff], reason: `official calendar updated: ${dayOff}` }]);

      await carryOut();
      const moved = await dossier(accepted.code);
      expect((await calendar()).workingTimeBetween(new Date(accepted.dueAt), new Date(moved.dueAt))).toBe(WORKING_DAY_MS);
      const [row] = await recomputeRows(accepted.code);
      expect(row).toMatchObject({ actorRole: 'SYSTEM', data: { previousDueAt: accepted.dueAt, dueAt: moved.dueAt, reason: `official calendar updated: ${dayOff}` } });
      const [event] = await pool.query(
        `SELECT o.payload -> 'data' AS data FROM outbox o JOIN dossiers d ON d.id = o.aggregate_id WHERE d.code = $1 AND o.event_type = 'dossier.due_date_changed'`,
        [accepted.code],
      );
      expect(event.data).toMatchObject({ dueAt: moved.dueAt, detail: { previousDueAt: accepted.dueAt, cause: 'recompute_due_date' } });
      expect(await runner.sweep()).toBe(0); // done once

      // Seeding the same release again changes nothing; the next release without the notice moves it back.
      expect((await pool.transaction((manager) => seedCalendar(manager, [...api.catalogue.announcedCalendar, notice]))).changedDates).toEqual([]);
      expect((await pool.transaction((manager) => seedCalendar(manager, api.catalogue.announcedCalendar))).changedDates).toEqual([dayOff]);
      await carryOut();
      expect((await dossier(accepted.code)).dueAt).toBe(accepted.dueAt);
      expect(await pool.query('SELECT id FROM calendar_recomputes WHERE done_at IS NULL')).toEqual([]);
    });

    it('has an engine that starts take over the recomputation a stopped engine claimed long ago, and leave a live claim alone', async () => {
      const pool = await db();
      await pool.query(
        `INSERT INTO calendar_recomputes (dates, reason, claimed_at) VALUES ('{2030-01-02}', 'official calendar updated: 2030-01-02', now() - interval '1 hour'),
                                                                           ('{2030-01-03}', 'official calendar updated: 2030-01-03', now())`,
      );
      const starting = await startTestEngine(api);
      try {
        const pending = () => pool.query('SELECT dates::text[] AS dates FROM calendar_recomputes WHERE done_at IS NULL');
        for (let waited = 0; (await pending()).length > 1 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await pending()).toEqual([{ dates: ['2030-01-03'] }]);
      } finally {
        await starting.close();
        await pool.query('UPDATE calendar_recomputes SET done_at = now() WHERE done_at IS NULL');
      }
    });

    it('keeps a removed official holiday removed when the calendar is seeded again, until it is restored', async () => {
      const year = await http().get('/api/v1/admin/calendar/days?year=2030').set(admin.auth).expect(200);
      const official = year.body.days.find((d: { source: string; kind: string; date: string }) => d.source === 'statutory' && d.kind === 'holiday' && isoWeekday(d.date) <= 5);
      const date: string = official.date;

      const removed = await removeDay(date).expect(200);
      expect(removed.body).toMatchObject({
        day: { date, working: true, kind: 'working_day', source: 'admin' },
        removed: { kind: 'holiday', source: 'statutory', reason: official.reason },
      });
      expect((await calendar()).isWorkingDay(date)).toBe(true);

      const pool = await db();
      await pool.transaction((manager) => seedCalendar(manager, api.catalogue.announcedCalendar));
      expect(await pool.getRepository(CalendarDayEntity).findOneByOrFail({ date })).toMatchObject({ kind: 'working_day', source: 'admin' });
      expect((await calendar()).isWorkingDay(date)).toBe(true);
      expect((await removeDay(date)).status).toBe(404);

      const restored = await http().post(`/api/v1/admin/calendar/days/${date}/restore`).set(admin.auth).expect(200);
      expect(restored.body.day).toMatchObject({ date, working: false, kind: 'holiday', source: 'statutory', reason: official.reason, updatedBy: null });
      expect((await calendar()).isWorkingDay(date)).toBe(false);
      const again = await http().post(`/api/v1/admin/calendar/days/${date}/restore`).set(admin.auth);
      expect([again.status, again.body.code]).toEqual([404, 'calendar_override_not_found']);
    });

    it('cancels an announced make-up Saturday as a rest day', async () => {
      const year = await http().get('/api/v1/admin/calendar/days?year=2026').set(admin.auth).expect(200);
      const makeUp = year.body.days.find((d: { source: string; kind: string; date: string }) => d.source === 'announced' && d.kind === 'working_day' && isoWeekday(d.date) === 6);
      const removed = await removeDay(makeUp.date).expect(200);
      expect(removed.body.day).toMatchObject({ working: false, kind: 'day_off', source: 'admin' });
      expect((await calendar()).isWorkingDay(makeUp.date)).toBe(false);
      await http().post(`/api/v1/admin/calendar/days/${makeUp.date}/restore`).set(admin.auth).expect(200);
      expect((await calendar()).isWorkingDay(makeUp.date)).toBe(true);
    });
  });

  describe('procedures', () => {
    const code = 'bts-location-approval';
    const activate = (active: unknown) => http().patch(`/api/v1/admin/procedures/${code}`).set(admin.auth).send({ active });
    const publicCodes = async () => (await http().get('/api/v1/procedures').expect(200)).body.items.map((p: { code: string }) => p.code);

    it('lists every procedure with its active flag', async () => {
      const response = await http().get('/api/v1/admin/procedures').set(admin.auth).expect(200);
      expect(response.body.items).toHaveLength(api.catalogue.procedures.length);
      expect(response.body.items.find((p: { code: string }) => p.code === code)).toMatchObject({ active: true, version: expect.any(Number) });
    });

    it('takes a deactivated procedure out of the catalogue and refuses submissions to it, until reactivated', async () => {
      expect((await activate(false).expect(200)).body).toMatchObject({ code, active: false });
      expect(await publicCodes()).not.toContain(code);
      await http().get(`/api/v1/procedures/${code}`).expect(404);
      const listed = await http().get('/api/v1/admin/procedures').set(admin.auth).expect(200);
      expect(listed.body.items.find((p: { code: string }) => p.code === code)).toMatchObject({ active: false });

      const files = await ownedFiles(api, citizen.userId, 5);
      const refused = await http().post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', randomUUID()).send(btsBody(files));
      expect(refused.status).toBe(422);
      expect(fieldsOf(refused)).toEqual(['procedureCode']);

      expect((await activate(true).expect(200)).body).toMatchObject({ code, active: true });
      expect(await publicCodes()).toContain(code);
      await http().post('/api/v1/dossiers').set(citizen.auth).set('Idempotency-Key', randomUUID()).send(btsBody(files)).expect(201);
    });

    it('refuses a non-boolean flag and an unknown procedure', async () => {
      expect(fieldsOf(await activate('no'))).toEqual(['active']);
      const unknown = await http().patch('/api/v1/admin/procedures/no-such-procedure').set(admin.auth).send({ active: false });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'procedure_not_found']);
    });
  });

  describe('officer accounts', () => {
    const officer = {
      username: 'chuyenvien.bcvt2',
      fullName: 'Lê Thị Hoa',
      email: 'hoa.le@skhcn.example.gov.vn',
      roles: ['SPECIALIST'],
      agencyCode: 'SKHCN',
      divisionCode: 'BCVT',
      password: 'Mật-khẩu-đủ-dài-2026',
    };
    let id: string;
    const login = (password = officer.password) => http().post('/api/v1/auth/login').send({ username: officer.username, password });
    const patch = (userId: string, body: Record<string, unknown>) => http().patch(`/api/v1/admin/users/${userId}`).set(admin.auth).send(body);

    it('creates an officer who can log in, never answering a password hash', async () => {
      const created = await http().post('/api/v1/admin/users').set(admin.auth).send(officer).expect(201);
      expect(created.body).toMatchObject({ username: officer.username, fullName: officer.fullName, roles: ['SPECIALIST'], agency: 'SKHCN', division: 'BCVT', active: true, locked: false });
      expect(JSON.stringify(created.body)).not.toMatch(/password|argon2/i);
      id = created.body.id;
      const session = await login().expect(200);
      expect(session.body.user).toMatchObject({ id, roles: ['SPECIALIST'] });

      const listed = await http().get('/api/v1/admin/users').query({ role: 'SPECIALIST', q: 'bcvt2' }).set(admin.auth).expect(200);
      expect(listed.body).toMatchObject({ total: 1, page: 1, items: [{ id, username: officer.username }] });
      const everyone = await http().get('/api/v1/admin/users').query({ pageSize: 100 }).set(admin.auth).expect(200);
      expect(everyone.body.total).toBeGreaterThan(5);
      expect(JSON.stringify(everyone.body)).not.toMatch(/passwordHash|argon2/i);
    });

    it('refuses a taken username or e-mail with 409', async () => {
      const sameName = await http().post('/api/v1/admin/users').set(admin.auth).send({ ...officer, email: 'other@skhcn.example.gov.vn' });
      expect([sameName.status, sameName.body.code]).toEqual([409, 'user_exists']);
      const sameEmail = await http().post('/api/v1/admin/users').set(admin.auth).send({ ...officer, username: 'chuyenvien.khac', email: officer.email.toUpperCase() });
      expect([sameEmail.status, sameEmail.body.code]).toEqual([409, 'user_exists']);
    });

    it.each([
      [{ password: 'ngan-qua-11' }, 'password'],
      [{ roles: ['CITIZEN'] }, 'roles'],
      [{ roles: [] }, 'roles'],
      [{ username: '079203000001' }, 'username'],
      [{ agencyCode: 'NOPE' }, 'agencyCode'],
      [{ divisionCode: 'TTBCXB' }, 'divisionCode'],
      [{ email: 'not-an-email' }, 'email'],
      [{ passwordHash: 'x' }, 'passwordHash'],
    ])('refuses an officer with %p naming %s', async (change, field) => {
      const response = await http().post('/api/v1/admin/users').set(admin.auth).send({ ...officer, username: 'chuyenvien.moi', email: 'moi@skhcn.example.gov.vn', ...change });
      expect(response.status).toBe(422);
      expect(fieldsOf(response)).toContain(field);
    });

    it('changes name, roles, division and activation', async () => {
      const changed = await patch(id, { fullName: 'Lê Thị Hoa Mai', roles: ['SPECIALIST', 'HEAD'], divisionCode: 'VP' }).expect(200);
      expect(changed.body).toMatchObject({ fullName: 'Lê Thị Hoa Mai', roles: ['SPECIALIST', 'HEAD'], division: 'VP' });
      expect((await login().expect(200)).body.user.roles).toEqual(['SPECIALIST', 'HEAD']);

      await patch(id, { active: false }).expect(200);
      expect((await login()).status).toBe(401);
      await patch(id, { active: true }).expect(200);
      await login().expect(200);

      expect(fieldsOf(await patch(id, {}))).toEqual(['body']);
      expect(fieldsOf(await patch(id, { divisionCode: 'NOPE' }))).toEqual(['divisionCode']);
      expect((await patch('not-a-uuid', { active: true })).status).toBe(404);
      expect((await patch(randomUUID(), { active: true })).body.code).toBe('user_not_found');
      const selfLockout = await patch(admin.userId, { active: false });
      expect([selfLockout.status, selfLockout.body.code]).toEqual([409, 'own_admin_access']);
      expect(fieldsOf(await patch(citizen.userId, { roles: ['ADMIN'] }))).toEqual(['roles']);
    });

    it("ends an officer's tokens when their access changes, not when they are renamed", async () => {
      const me = (token: string) => http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
      const token = (await login().expect(200)).body.accessToken as string;
      await me(token).expect(200);

      await patch(id, { fullName: 'Lê Thị Hoa' }).expect(200);
      await me(token).expect(200);

      await patch(id, { roles: ['SPECIALIST'] }).expect(200);
      const revoked = await me(token).expect(401);
      expect(revoked.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(revoked.body.code).toBe('token_revoked');
      const fresh = (await login().expect(200)).body.accessToken as string;
      expect((await me(fresh).expect(200)).body.roles).toEqual(['SPECIALIST']);

      await patch(id, { active: false }).expect(200);
      expect((await me(fresh).expect(401)).body.code).toBe('token_revoked');
      // A public route takes a revoked token as none at all.
      await http().get('/api/v1/procedures').set('Authorization', `Bearer ${fresh}`).expect(200);
      await patch(id, { active: true }).expect(200);
      expect((await me(fresh).expect(401)).body.code).toBe('token_revoked'); // reactivation issues no old token again
    });

    it("ends a deactivated officer's tokens on another API replica within the replicas' cache time", async () => {
      const token = (await login().expect(200)).body.accessToken as string;
      const other = await buildIntakeApi(api.config, api.catalogue);
      await initIntakeApi(other);
      try {
        const me = () => request(other.getHttpServer()).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
        await me().expect(200); // the other replica now holds the account's access
        await patch(id, { active: false }).expect(200);
        const startedAt = Date.now();
        let status = 200;
        while (status === 200 && Date.now() - startedAt < ACCESS_CACHE_MS + 5_000) {
          status = (await me()).status;
          if (status === 200) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(status).toBe(401);
      } finally {
        await other.close();
        await patch(id, { active: true }).expect(200);
      }
    });

    it('unlocks an account locked out by failed logins', async () => {
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) await login('sai-mat-khau-hoan-toan');
      const locked = await login();
      expect([locked.status, locked.body.code]).toEqual([429, 'account_locked']);
      const listed = await http().get('/api/v1/admin/users').query({ q: officer.username }).set(admin.auth).expect(200);
      expect(listed.body.items[0]).toMatchObject({ locked: true, failedLogins: MAX_FAILED_LOGINS });

      const unlocked = await http().post(`/api/v1/admin/users/${id}/unlock`).set(admin.auth).expect(200);
      expect(unlocked.body).toMatchObject({ id, locked: false, failedLogins: 0, lockedUntil: null });
      await login().expect(200);
      expect((await http().post(`/api/v1/admin/users/${randomUUID()}/unlock`).set(admin.auth)).status).toBe(404);
    });
  });

  describe('audit chain', () => {
    it('reports a valid chain, then the first row changed behind its back', async () => {
      const { code } = await acceptedDossier();
      const valid = await http().get(`/api/v1/admin/dossiers/${code}/audit`).set(admin.auth).expect(200);
      expect(valid.body).toEqual({ dossier: code, valid: true, entries: 2 });

      const pool = await db();
      // The submission row is rewritten; the acceptance row after it still links to its stored hash.
      const [{ id: tampered }] = await pool.query(
        "UPDATE audit_log SET data = jsonb_set(data, '{note}', '\"sửa lén\"') WHERE id = (SELECT min(a.id) FROM audit_log a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = $1) RETURNING id",
        [code],
      ).then(([rows]: [{ id: string }[]]) => rows);
      const broken = await http().get(`/api/v1/admin/dossiers/${code}/audit`).set(admin.auth).expect(200);
      expect(broken.body).toEqual({ dossier: code, valid: false, entries: 2, firstBrokenId: String(tampered), reason: 'hash does not match the row' });
    });

    it('answers 404 for an unknown dossier', async () => {
      const response = await http().get('/api/v1/admin/dossiers/000.00.14.H23-990101-9999/audit').set(admin.auth);
      expect([response.status, response.body.code]).toEqual([404, 'dossier_not_found']);
    });
  });
});
