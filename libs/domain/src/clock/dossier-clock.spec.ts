import { seedCalendarDays, WorkingCalendar } from '../calendar';
import { dueDateOf, EMPTY_CLOCK, externalWorkingMs, moveClock, stepDueDate, stepTimers } from '.';

const calendar = new WorkingCalendar(seedCalendarDays(2025, 2026, []));
const at = (local: string) => new Date(`${local}+07:00`);
const tenWorkingDays = { value: 10, unit: 'working_days' as const };

describe('dossier clock', () => {
  it('starts at acceptance: the first entry into a running step', () => {
    const submitted = moveClock(EMPTY_CLOCK, 'not_started', 'not_started', at('2025-11-03T08:00:00'));
    expect(submitted.receivedAt).toBeNull();
    const accepted = moveClock(submitted, 'not_started', 'running', at('2025-11-03T09:00:00'));
    expect(accepted.receivedAt).toEqual(at('2025-11-03T09:00:00'));
    // Monday 09:00 + 10 working days = Monday 17 Nov 09:00.
    expect(dueDateOf(accepted, tenWorkingDays, calendar)).toEqual(at('2025-11-17T09:00:00'));
  });

  it('does not pause a dossier that was never accepted', () => {
    const waiting = moveClock(EMPTY_CLOCK, 'not_started', 'paused', at('2025-11-03T09:00:00'));
    expect(waiting.pausedAt).toBeNull();
    expect(moveClock(waiting, 'paused', 'not_started', at('2025-11-05T09:00:00'))).toEqual(EMPTY_CLOCK);
  });

  it('moves the due date by exactly the paused working time of a supplementation', () => {
    let clock = moveClock(EMPTY_CLOCK, 'not_started', 'running', at('2025-11-03T09:00:00'));
    // Supplementation requested Wednesday 10:00, supplement received Friday 10:00: two working days.
    clock = moveClock(clock, 'running', 'paused', at('2025-11-05T10:00:00'));
    expect(clock.pausedAt).toEqual(at('2025-11-05T10:00:00'));
    clock = moveClock(clock, 'paused', 'running', at('2025-11-07T10:00:00'));
    expect(clock.pausedAt).toBeNull();
    expect(clock.pauses).toEqual([{ start: at('2025-11-05T10:00:00').toISOString(), end: at('2025-11-07T10:00:00').toISOString(), reason: 'applicant' }]);
    expect(dueDateOf(clock, tenWorkingDays, calendar)).toEqual(at('2025-11-19T09:00:00'));
  });

  it('tracks time at another agency apart, and does not count it against the department', () => {
    let clock = moveClock(EMPTY_CLOCK, 'not_started', 'running', at('2025-11-03T09:00:00'));
    clock = moveClock(clock, 'running', 'external', at('2025-11-04T09:00:00'));
    clock = moveClock(clock, 'external', 'running', at('2025-11-06T09:00:00'));
    expect(externalWorkingMs(clock, calendar)).toBe(2 * 8 * 3600_000);
    expect(dueDateOf(clock, tenWorkingDays, calendar)).toEqual(at('2025-11-19T09:00:00'));
  });

  it('keeps one pause open across two waiting steps of the same kind', () => {
    let clock = moveClock(EMPTY_CLOCK, 'not_started', 'running', at('2025-11-03T09:00:00'));
    clock = moveClock(clock, 'running', 'paused', at('2025-11-04T09:00:00'));
    clock = moveClock(clock, 'paused', 'paused', at('2025-11-05T09:00:00'));
    expect(clock.pausedAt).toEqual(at('2025-11-04T09:00:00'));
    expect(clock.pauses).toEqual([]);
  });

  it('uses the promised date after an apology', () => {
    const clock = { ...moveClock(EMPTY_CLOCK, 'not_started', 'running', at('2025-11-03T09:00:00')), extendedDueAt: at('2025-11-28T17:00:00') };
    expect(dueDateOf(clock, tenWorkingDays, calendar)).toEqual(at('2025-11-28T17:00:00'));
  });

  it('gives a running step its share of the whole working time from entry', () => {
    // 10 working days = 80 working hours; a 0.5 share is 40 hours = 5 working days.
    const due = stepDueDate({
      calendar,
      enteredAt: at('2025-11-03T09:00:00'),
      clock: 'running',
      slaShare: 0.5,
      dossierReceivedAt: at('2025-11-03T09:00:00'),
      dossierDueAt: at('2025-11-17T09:00:00'),
    });
    expect(due).toEqual(at('2025-11-10T09:00:00'));
  });

  it('gives a step with its own limit that limit, and a waiting step none', () => {
    const external = stepDueDate({
      calendar,
      enteredAt: at('2025-11-03T09:00:00'),
      clock: 'external',
      slaShare: 0,
      timeLimit: { value: 15, unit: 'working_days' },
      dossierReceivedAt: at('2025-11-03T09:00:00'),
      dossierDueAt: at('2025-11-17T09:00:00'),
    });
    expect(external).toEqual(at('2025-11-24T09:00:00'));
    const waiting = stepDueDate({ calendar, enteredAt: at('2025-11-03T09:00:00'), clock: 'paused', slaShare: 0, dossierReceivedAt: null, dossierDueAt: null });
    expect(waiting).toBeNull();
  });
});

describe('step timers', () => {
  it('warns one working day before the step deadline by default', () => {
    const timers = stepTimers({ calendar, enteredAt: at('2025-11-03T09:00:00'), stepDueAt: at('2025-11-10T09:00:00') });
    expect(timers).toEqual({ dueSoonAt: at('2025-11-07T09:00:00'), autoActionAt: null });
  });

  it('warns halfway through a step shorter than twice the warning, not the moment it starts', () => {
    const short = stepTimers({ calendar, enteredAt: at('2025-11-03T09:00:00'), stepDueAt: at('2025-11-03T13:00:00'), dueSoonBefore: { value: 8, unit: 'working_hours' } });
    // 09:00 to 13:00 holds 2 h 30 of working time (the lunch break starts at 11:30): warned 1 h 15 in.
    expect(short.dueSoonAt).toEqual(at('2025-11-03T10:15:00'));
    // One working day with a one-day warning: Monday 15:00 to Tuesday 15:00 holds 8 working hours; warned 4 h in, on Tuesday at 09:00.
    const oneDay = stepTimers({ calendar, enteredAt: at('2025-11-03T15:00:00'), stepDueAt: at('2025-11-04T15:00:00') });
    expect(oneDay.dueSoonAt).toEqual(at('2025-11-04T09:00:00'));
  });

  it('schedules an automatic action N working days after entry, skipping the weekend', () => {
    // Friday 14:00 + 2 working days = Tuesday 14:00.
    const timers = stepTimers({ calendar, enteredAt: at('2025-11-07T14:00:00'), stepDueAt: null, autoActionAfterWorkingDays: 2 });
    expect(timers).toEqual({ dueSoonAt: null, autoActionAt: at('2025-11-11T14:00:00') });
  });
});
