import { CalendarDay, seedCalendarDays, WorkingCalendar } from '@motcua/domain/calendar';
import { dueDateOf, stepDueDate, stepTimers } from '@motcua/domain/clock';
import type { StepDefinition } from '@motcua/domain/workflow';
import { DossierDates, explainDueDate, isRecomputable, marksAfterMove, recomputeDates } from './recomputed-dates';

const at = (local: string) => new Date(`${local}+07:00`);
const tenWorkingDays = { value: 10, unit: 'working_days' as const };
const seeded = seedCalendarDays(2025, 2026, []);
const calendarWith = (...extra: Omit<CalendarDay, 'source'>[]) =>
  new WorkingCalendar([...seeded.filter((d) => !extra.some((e) => e.date === d.date)), ...extra.map((e) => ({ ...e, source: 'admin' as const }))]);
const plain = calendarWith();

const appraisal: StepDefinition = {
  code: 'appraisal',
  name: 'Thẩm định',
  status: 4,
  roles: ['SPECIALIST'],
  scope: 'division',
  slaShare: 0.5,
  clock: 'running',
  publicText: '',
  editable: false,
  actions: [],
};

/** A dossier accepted Monday 3 Nov 2025 09:00 and in appraisal since then, dates stored by `calendar`. */
function acceptedDossier(calendar = plain): DossierDates {
  const receivedAt = at('2025-11-03T09:00:00');
  const clock = { receivedAt, pausedAt: null, pauseReason: null, pauses: [], extendedDueAt: null };
  const dueAt = dueDateOf(clock, tenWorkingDays, calendar);
  const stepDueAt = stepDueDate({ calendar, enteredAt: receivedAt, clock: 'running', slaShare: 0.5, dossierReceivedAt: receivedAt, dossierDueAt: dueAt });
  const { dueSoonAt } = stepTimers({ calendar, enteredAt: receivedAt, stepDueAt });
  return { ...clock, finishedAt: null, dueAt, stepDueAt, stepDueSoonAt: dueSoonAt, stepAutoActionAt: null, stepEnteredAt: receivedAt };
}

describe('recomputing a dossier’s deadlines', () => {
  it('moves nothing when the calendar is the one the dates were stored with', () => {
    const dossier = acceptedDossier();
    expect(dossier.dueAt).toEqual(at('2025-11-17T09:00:00'));
    expect(recomputeDates(dossier, tenWorkingDays, appraisal, plain)).toEqual({
      deadlines: { dueAt: dossier.dueAt, stepDueAt: dossier.stepDueAt, stepDueSoonAt: dossier.stepDueSoonAt, stepAutoActionAt: null },
      moved: false,
    });
  });

  it('moves both deadlines a working day later for a day off inside the span', () => {
    const withDayOff = calendarWith({ date: '2025-11-05', kind: 'day_off', reason: 'Nghỉ đột xuất' });
    const result = recomputeDates(acceptedDossier(), tenWorkingDays, appraisal, withDayOff);
    expect(result.moved).toBe(true);
    expect(result.deadlines.dueAt).toEqual(at('2025-11-18T09:00:00'));
    // Half of the (still 80 h) working time from entry, skipping the day off: Tuesday 11 Nov 09:00,
    // and its warning one working day before.
    expect(result.deadlines.stepDueAt).toEqual(at('2025-11-11T09:00:00'));
    expect(result.deadlines.stepDueSoonAt).toEqual(at('2025-11-10T09:00:00'));
    expect(explainDueDate(acceptedDossier(), tenWorkingDays, withDayOff)).toContainEqual(expect.objectContaining({ rule: 'day_off', date: '2025-11-05' }));
  });

  it('moves the due date a working day earlier for a make-up working Saturday', () => {
    const withSaturday = calendarWith({ date: '2025-11-08', kind: 'working_day', reason: 'Làm bù' });
    const result = recomputeDates(acceptedDossier(), tenWorkingDays, appraisal, withSaturday);
    expect(result.deadlines.dueAt).toEqual(at('2025-11-14T09:00:00'));
    expect(explainDueDate(acceptedDossier(), tenWorkingDays, withSaturday)).toContainEqual(expect.objectContaining({ rule: 'make_up_working_day', date: '2025-11-08' }));
  });

  it('ignores a change outside the span', () => {
    const later = calendarWith({ date: '2025-12-01', kind: 'day_off', reason: 'Nghỉ' });
    expect(recomputeDates(acceptedDossier(), tenWorkingDays, appraisal, later).moved).toBe(false);
  });

  it('is idempotent: dates recomputed once are stable under the same calendar', () => {
    const withDayOff = calendarWith({ date: '2025-11-05', kind: 'day_off', reason: 'Nghỉ đột xuất' });
    const once = recomputeDates(acceptedDossier(), tenWorkingDays, appraisal, withDayOff);
    const stored = { ...acceptedDossier(), ...once.deadlines };
    expect(recomputeDates(stored, tenWorkingDays, appraisal, withDayOff).moved).toBe(false);
  });

  it('leaves paused, extended, finished and not yet accepted dossiers alone', () => {
    const withDayOff = calendarWith({ date: '2025-11-05', kind: 'day_off', reason: 'Nghỉ đột xuất' });
    const cases: Partial<DossierDates>[] = [
      { pausedAt: at('2025-11-04T10:00:00'), pauseReason: 'applicant' },
      { extendedDueAt: at('2025-11-28T17:00:00') },
      { finishedAt: at('2025-11-10T10:00:00') },
      { receivedAt: null },
    ];
    for (const change of cases) {
      const dossier = { ...acceptedDossier(), ...change };
      expect(isRecomputable(dossier)).toBe(false);
      expect(recomputeDates(dossier, tenWorkingDays, appraisal, withDayOff).moved).toBe(false);
    }
  });

  it('keeps the stored step deadline of a step that is not running', () => {
    const waiting = { ...appraisal, clock: 'stopped' as const, slaShare: 0 };
    const withDayOff = calendarWith({ date: '2025-11-05', kind: 'day_off', reason: 'Nghỉ đột xuất' });
    const dossier = acceptedDossier();
    const result = recomputeDates(dossier, tenWorkingDays, waiting, withDayOff);
    expect(result.deadlines.stepDueAt).toBe(dossier.stepDueAt);
    expect(result.deadlines.dueAt).not.toEqual(dossier.dueAt);
  });

  it('does not bring back an automatic action that already fired', () => {
    const closing = { ...appraisal, escalation: { autoAction: { action: 'close_unsupplemented' as const, afterWorkingDays: 3 } } };
    const withDayOff = calendarWith({ date: '2025-11-05', kind: 'day_off', reason: 'Nghỉ đột xuất' });
    expect(recomputeDates(acceptedDossier(), tenWorkingDays, closing, withDayOff).deadlines.stepAutoActionAt).toBeNull();
    const pending = { ...acceptedDossier(), stepAutoActionAt: at('2025-11-06T09:00:00') };
    expect(recomputeDates(pending, tenWorkingDays, closing, withDayOff).deadlines.stepAutoActionAt).toEqual(at('2025-11-07T09:00:00'));
  });

  it('lowers the overdue and warning marks of deadlines moved into the future', () => {
    const now = at('2025-11-17T10:00:00');
    const raised = { overdueAt: now, stepOverdueAt: now, stepWarnedAt: now };
    const later = { dueAt: at('2025-11-18T09:00:00'), stepDueAt: at('2025-11-18T08:00:00'), stepDueSoonAt: at('2025-11-17T08:00:00'), stepAutoActionAt: null };
    expect(marksAfterMove(raised, later, now)).toEqual({ overdueAt: null, stepOverdueAt: null, stepWarnedAt: now });
    const earlier = { ...later, dueAt: at('2025-11-14T09:00:00'), stepDueAt: at('2025-11-13T09:00:00') };
    expect(marksAfterMove(raised, earlier, now)).toEqual(raised);
  });
});
