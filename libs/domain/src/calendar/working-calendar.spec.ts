import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WORKING_TIME, type CalendarDay, type DueDateResult, type WorkingTimeSettings } from './calendar.types';
import { parseAnnouncedCalendar, seedCalendarDays } from './calendar-seed';
import { WorkingCalendar } from './working-calendar';

const CONFIG_DIR = join(__dirname, '../../../../config/calendar');
const HOUR = 3_600_000;

/** An instant given as Vietnamese wall-clock time, e.g. vn('2025-11-03 09:00'). */
function vn(wallClock: string): Date {
  return new Date(`${wallClock.replace(' ', 'T')}:00+07:00`);
}

/** An instant rendered as Vietnamese wall-clock time 'YYYY-MM-DD HH:MM'. */
function wall(instant: Date): string {
  return new Date(instant.getTime() + 7 * HOUR).toISOString().slice(0, 16).replace('T', ' ');
}

function announcedDays(): CalendarDay[] {
  return readdirSync(CONFIG_DIR)
    .filter((f) => /^announced-\d{4}\.json$/.test(f))
    .flatMap((f) => parseAnnouncedCalendar(JSON.parse(readFileSync(join(CONFIG_DIR, f), 'utf8')), f));
}

const calendar = new WorkingCalendar(seedCalendarDays(2024, 2030, announcedDays()));

function rules(result: { explanation: { rule: string }[] }): string[] {
  return result.explanation.map((e) => e.rule);
}

function messages(result: { explanation: { message: string }[] }): string[] {
  return result.explanation.map((e) => e.message);
}

describe('WorkingCalendar: working days', () => {
  it.each([
    ['2025-11-03', true, 'a plain Monday'],
    ['2025-11-08', false, 'a Saturday'],
    ['2025-11-09', false, 'a Sunday'],
    ['2025-09-02', false, 'Quốc khánh'],
    ['2025-09-01', false, 'the adjacent National Day holiday'],
    ['2026-04-27', false, 'the compensatory Monday for Giỗ Tổ on Sunday 2026-04-26'],
    ['2025-05-02', false, 'a swapped day off (announced)'],
    ['2025-04-26', true, 'a make-up Saturday (announced)'],
    ['2026-08-22', true, 'a make-up Saturday (announced)'],
    ['2026-02-20', false, 'the last weekday of the Tết 2026 break'],
    ['2026-02-23', true, 'the first working day after Tết 2026'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('reports the table entry of a day', () => {
    expect(calendar.dayInfo('2025-09-02')).toEqual({ date: '2025-09-02', kind: 'holiday', reason: 'Quốc khánh', source: 'statutory' });
    calendar.dayInfo('2025-09-02')!.kind = 'working_day'; // a copy: the calendar is not changed
    expect(calendar.isWorkingDay('2025-09-02')).toBe(false);
    expect(calendar.dayInfo('2025-11-03')).toBeUndefined();
    expect(() => calendar.dayInfo('2025-11-31')).toThrow(RangeError);
  });

  it('lets an admin day off override a weekday and an admin working day a Sunday', () => {
    const c = new WorkingCalendar([
      { date: '2025-11-05', kind: 'day_off', reason: 'Bão Kalmaegi', source: 'admin' },
      { date: '2025-11-09', kind: 'working_day', reason: 'Làm bù', source: 'admin' },
    ]);
    expect(c.isWorkingDay('2025-11-05')).toBe(false);
    expect(c.isWorkingDay('2025-11-09')).toBe(true);
  });
});

describe('WorkingCalendar.countingStart', () => {
  it('counts from acceptance during office hours', () => {
    const r = calendar.countingStart(vn('2025-11-03 14:59'));
    expect(wall(r.at)).toBe('2025-11-03 14:59');
    expect(r.explanation).toEqual([]);
  });

  it('moves an acceptance after the 15:00 cut-off to the next working day 07:00', () => {
    const r = calendar.countingStart(vn('2025-11-03 15:01'));
    expect(wall(r.at)).toBe('2025-11-04 07:00');
    expect(r.explanation).toEqual([{
      rule: 'after_cutoff',
      date: '2025-11-03',
      message: 'Accepted at 2025-11-03 15:01, after the 15:00 cut-off: counting starts on the next working day 2025-11-04 07:00',
    }]);
  });

  it('treats exactly 15:00 as not after the cut-off', () => {
    expect(wall(calendar.countingStart(vn('2025-11-03 15:00')).at)).toBe('2025-11-03 15:00');
  });

  it('starts at 13:30 when accepted in the lunch break', () => {
    const r = calendar.countingStart(vn('2025-11-03 12:10'));
    expect(wall(r.at)).toBe('2025-11-03 13:30');
    expect(r.explanation).toEqual([{
      rule: 'lunch_break',
      date: '2025-11-03',
      message: 'Accepted at 2025-11-03 12:10, during the lunch break: counting starts at 2025-11-03 13:30',
    }]);
    expect(wall(calendar.countingStart(vn('2025-11-03 11:30')).at)).toBe('2025-11-03 13:30');
    expect(wall(calendar.countingStart(vn('2025-11-03 11:29')).at)).toBe('2025-11-03 11:29');
  });

  it('starts at 07:00 when accepted before opening', () => {
    const r = calendar.countingStart(vn('2025-11-03 06:15'));
    expect(wall(r.at)).toBe('2025-11-03 07:00');
    expect(rules(r)).toEqual(['before_opening']);
  });

  it('moves a weekend acceptance (e.g. online) to Monday 07:00', () => {
    const r = calendar.countingStart(vn('2025-11-08 10:00'));
    expect(wall(r.at)).toBe('2025-11-10 07:00');
    expect(r.explanation).toEqual([{
      rule: 'non_working_day',
      date: '2025-11-08',
      message: 'Accepted on 2025-11-08, a Saturday (not a working day): counting starts on the next working day 2025-11-10 07:00',
    }]);
  });

  it('names the holiday when accepted on one', () => {
    const r = calendar.countingStart(vn('2025-09-02 09:00'));
    expect(wall(r.at)).toBe('2025-09-03 07:00');
    expect(r.explanation).toEqual([{
      rule: 'holiday',
      date: '2025-09-02',
      message: 'Accepted on 2025-09-02, a public holiday (Quốc khánh): counting starts on the next working day 2025-09-03 07:00',
    }]);
  });

  it('skips a whole break after a Friday cut-off', () => {
    expect(wall(calendar.countingStart(vn('2025-08-29 16:00')).at)).toBe('2025-09-03 07:00');
    expect(wall(calendar.countingStart(vn('2026-02-13 15:30')).at)).toBe('2026-02-23 07:00');
  });

  it('names a swapped day off', () => {
    const r = calendar.countingStart(vn('2025-05-02 08:00'));
    expect(wall(r.at)).toBe('2025-05-05 07:00');
    expect(rules(r)).toEqual(['day_off']);
    expect(messages(r)[0]).toContain('Nghỉ lễ 30/4–1/5 (hoán đổi với thứ Bảy 26/04/2025)');
  });

  it('counts on a make-up Saturday and says so', () => {
    const r = calendar.countingStart(vn('2025-04-26 09:00'));
    expect(wall(r.at)).toBe('2025-04-26 09:00');
    expect(r.explanation).toEqual([{
      rule: 'make_up_working_day',
      date: '2025-04-26',
      message: '2025-04-26 (Saturday) is a make-up working day (Làm bù cho thứ Sáu 02/05/2025): counted as a working day',
    }]);
  });

  it('goes to a make-up Saturday as the next working day', () => {
    const c = new WorkingCalendar([{ date: '2025-11-08', kind: 'working_day', reason: 'Làm bù', source: 'admin' }]);
    const r = c.countingStart(vn('2025-11-07 16:00'));
    expect(wall(r.at)).toBe('2025-11-08 07:00');
    expect(rules(r)).toEqual(['after_cutoff', 'make_up_working_day']);
  });
});

describe('WorkingCalendar.dueDate in working days', () => {
  const due = (start: string, value: number, pauses: [string, string][] = []): DueDateResult =>
    calendar.dueDate({ start: vn(start), value, unit: 'working_days', pauses: pauses.map(([s, e]) => ({ start: vn(s), end: vn(e) })) });

  it('ends 1 working day started at 07:00 at 17:00 the same day', () => {
    const r = due('2025-11-03 07:00', 1);
    expect(wall(r.startsAt)).toBe('2025-11-03 07:00');
    expect(wall(r.dueAt)).toBe('2025-11-03 17:00');
    expect(r.explanation).toEqual([{
      rule: 'counted',
      message: 'Counted 1 working day = 8h of working time (8h a day, 07:00–11:30 and 13:30–17:00, Monday–Friday) ' +
        'from 2025-11-03 07:00: due 2025-11-03 17:00',
    }]);
  });

  it('ends 1 working day started at 09:00 at 09:00 the next working day', () => {
    expect(wall(due('2025-11-03 09:00', 1).dueAt)).toBe('2025-11-04 09:00');
  });

  it('steps over a weekend', () => {
    expect(wall(due('2025-11-03 09:00', 5).dueAt)).toBe('2025-11-10 09:00');
    expect(wall(due('2025-11-07 10:00', 1).dueAt)).toBe('2025-11-10 10:00');
  });

  it('applies the cut-off: 14:59 counts the same day, 15:01 from the next morning', () => {
    expect(wall(due('2025-11-03 14:59', 1).dueAt)).toBe('2025-11-04 14:59');
    const late = due('2025-11-03 15:01', 1);
    expect(wall(late.startsAt)).toBe('2025-11-04 07:00');
    expect(wall(late.dueAt)).toBe('2025-11-04 17:00');
    expect(rules(late)).toEqual(['after_cutoff', 'counted']);
  });

  it('starts after the lunch break', () => {
    expect(wall(due('2025-11-03 12:00', 2).dueAt)).toBe('2025-11-05 11:30');
  });

  it('counts a make-up Saturday as a working day', () => {
    const r = due('2025-04-25 09:00', 1);
    expect(wall(r.dueAt)).toBe('2025-04-26 09:00');
    expect(r.explanation.find((e) => e.rule === 'make_up_working_day')?.date).toBe('2025-04-26');
    // accepted on the make-up Saturday itself: explained once
    const onSaturday = due('2025-04-26 09:00', 3);
    // Sat 09:00–17:00 (6h), Mon 28 (8h), Tue 29 (8h), then 30/4, 1/5, 2/5 and the weekend off: Mon 5 May 09:00
    expect(wall(onSaturday.dueAt)).toBe('2025-05-05 09:00');
    expect(rules(onSaturday)).toEqual(['make_up_working_day', 'counted', 'holiday', 'day_off']);
  });

  it('skips the 30/4–1/5 holidays and the swapped day off, and says so', () => {
    const r = due('2025-04-29 09:00', 2);
    expect(wall(r.dueAt)).toBe('2025-05-06 09:00');
    expect(r.explanation.slice(1)).toEqual([
      { rule: 'holiday', date: '2025-04-30', message: '2025-04-30 to 2025-05-01 not counted: public holiday (Ngày Chiến thắng; Ngày Quốc tế lao động)' },
      { rule: 'day_off', date: '2025-05-02', message: '2025-05-02 not counted: day off (Nghỉ lễ 30/4–1/5 (hoán đổi với thứ Bảy 26/04/2025))' },
    ]);
  });

  it('carries a 10-working-day limit accepted just before Tết 2026 past the whole break', () => {
    const r = due('2026-02-13 10:00', 10);
    expect(wall(r.dueAt)).toBe('2026-03-06 10:00');
    expect(r.explanation).toContainEqual({
      rule: 'holiday',
      date: '2026-02-16',
      message: '2026-02-16 to 2026-02-20 not counted: public holiday (Tết Nguyên đán; Tết Nguyên đán (nghỉ bù))',
    });
    const afterCutoff = due('2026-02-13 16:00', 10);
    expect(wall(afterCutoff.startsAt)).toBe('2026-02-23 07:00');
    expect(wall(afterCutoff.dueAt)).toBe('2026-03-06 17:00');
    // the holidays skipped before counting started are still named
    expect(rules(afterCutoff)).toEqual(['after_cutoff', 'counted', 'holiday']);
  });

  it('skips Tết 2025 (27–31 January)', () => {
    expect(wall(due('2025-01-24 09:00', 1).dueAt)).toBe('2025-02-03 09:00');
  });

  it('accepts fractional days and zero', () => {
    expect(wall(due('2025-11-03 07:00', 0.5).dueAt)).toBe('2025-11-03 11:00');
    expect(wall(due('2025-11-03 09:00', 0).dueAt)).toBe('2025-11-03 09:00');
  });

  describe('with pauses (supplementation)', () => {
    it('moves the due date by the paused working time, across a weekend', () => {
      // 5 days from Mon 07:00 → Fri 17:00. Pause Thu 15:00 → Mon 09:00 = 2h + 8h + 2h = 12h of working time.
      const r = due('2025-11-03 07:00', 5, [['2025-11-06 15:00', '2025-11-10 09:00']]);
      expect(wall(r.dueAt)).toBe('2025-11-11 11:00');
      expect(r.explanation).toContainEqual({
        rule: 'paused',
        date: '2025-11-06',
        message: 'Paused from 2025-11-06 15:00 to 2025-11-10 09:00: 12h of working time not counted, ' +
          'so the due date moves from 2025-11-07 17:00 to 2025-11-11 11:00',
      });
    });

    it('does not move the due date for a pause outside office hours', () => {
      const r = due('2025-11-03 07:00', 5, [['2025-11-08 09:00', '2025-11-09 18:00']]);
      expect(wall(r.dueAt)).toBe('2025-11-07 17:00');
      expect(messages(r)).toContain('Paused from 2025-11-08 09:00 to 2025-11-09 18:00: began after the due date 2025-11-07 17:00 had passed, no effect');
      const weekendInside = due('2025-11-03 07:00', 10, [['2025-11-08 09:00', '2025-11-09 18:00']]);
      expect(wall(weekendInside.dueAt)).toBe('2025-11-14 17:00');
      expect(messages(weekendInside)).toContain(
        'Paused from 2025-11-08 09:00 to 2025-11-09 18:00: no working time in the pause, the due date stays 2025-11-14 17:00');
    });

    it('counts only the working time of a pause spanning Tết', () => {
      // 10 days from Mon 2026-02-09 07:00 → Fri 2026-02-27 17:00 (Tết 16–20 Feb skipped).
      // Pause Thu 12 Feb 09:00 → Tue 24 Feb 09:00 = 6h + 8h + 8h + 2h = 24h = 3 working days.
      expect(wall(due('2026-02-09 07:00', 10).dueAt)).toBe('2026-02-27 17:00');
      const r = due('2026-02-09 07:00', 10, [['2026-02-12 09:00', '2026-02-24 09:00']]);
      expect(wall(r.dueAt)).toBe('2026-03-04 17:00');
      expect(messages(r).find((m) => m.startsWith('Paused'))).toContain('24h of working time not counted');
    });

    it('ignores the part of a pause before counting started, and a pause after the due date', () => {
      // accepted after the cut-off: counting starts Tue 07:00; the pause from Mon 16:00 counts from Tue 07:00 only
      const r = due('2025-11-03 15:30', 1, [['2025-11-03 16:00', '2025-11-04 09:00']]);
      expect(wall(r.dueAt)).toBe('2025-11-05 09:00');
      const before = due('2025-11-04 07:00', 1, [['2025-11-03 08:00', '2025-11-03 10:00']]);
      expect(wall(before.dueAt)).toBe('2025-11-04 17:00');
      expect(messages(before)).toContain('Paused from 2025-11-03 08:00 to 2025-11-03 10:00: before counting started, no effect');
      const after = due('2025-11-03 07:00', 1, [['2025-11-04 08:00', '2025-11-05 08:00']]);
      expect(wall(after.dueAt)).toBe('2025-11-03 17:00');
    });

    it('adds two pauses and does not count an overlap twice', () => {
      const two = due('2025-11-03 07:00', 2, [['2025-11-03 08:00', '2025-11-03 09:00'], ['2025-11-04 14:00', '2025-11-04 16:00']]);
      expect(wall(two.dueAt)).toBe('2025-11-05 10:00');
      const overlapping = due('2025-11-03 07:00', 2, [['2025-11-03 08:00', '2025-11-03 10:00'], ['2025-11-03 09:00', '2025-11-03 11:00']]);
      expect(wall(overlapping.dueAt)).toBe('2025-11-05 10:00');
      expect(rules(overlapping).filter((r) => r === 'paused')).toHaveLength(1);
    });
  });
});

describe('WorkingCalendar.dueDate in working hours', () => {
  const due = (start: string, value: number, pauses: [string, string][] = []) =>
    calendar.dueDate({ start: vn(start), value, unit: 'working_hours', pauses: pauses.map(([s, e]) => ({ start: vn(s), end: vn(e) })) });

  it('ignores the cut-off: 24 working hours from Monday 16:00 end Thursday 16:00', () => {
    const r = due('2025-11-03 16:00', 24);
    expect(wall(r.startsAt)).toBe('2025-11-03 16:00');
    expect(wall(r.dueAt)).toBe('2025-11-06 16:00');
    expect(r.explanation).toEqual([{
      rule: 'counted',
      message: 'Counted 24 working hours (office hours 07:00–11:30 and 13:30–17:00, Monday–Friday; no cut-off for hour limits) ' +
        'from 2025-11-03 16:00: due 2025-11-06 16:00',
    }]);
  });

  it('runs across a night and a weekend', () => {
    expect(wall(due('2025-11-07 16:00', 4).dueAt)).toBe('2025-11-10 10:00');
    expect(wall(due('2025-11-06 16:30', 1).dueAt)).toBe('2025-11-07 07:30');
  });

  it('still skips the lunch break, the night and non-working days at the start', () => {
    expect(wall(due('2025-11-03 12:00', 2).dueAt)).toBe('2025-11-03 15:30');
    const evening = due('2025-11-03 19:00', 1);
    expect(wall(evening.dueAt)).toBe('2025-11-04 08:00');
    expect(rules(evening)).toEqual(['after_closing', 'counted']);
    const saturday = due('2025-11-08 10:00', 3);
    expect(wall(saturday.dueAt)).toBe('2025-11-10 10:00');
    expect(rules(saturday)).toEqual(['non_working_day', 'counted']);
  });

  it('moves by paused working time', () => {
    // 4h from 09:00 → 15:00; the pause 10:00–11:00 holds 1h of working time
    expect(wall(due('2025-11-03 09:00', 4, [['2025-11-03 10:00', '2025-11-03 11:00']]).dueAt)).toBe('2025-11-03 16:00');
    // a pause across the lunch break counts only 10:00–11:30 and 13:30–14:30 (2.5h): 15:00 → Tue 07:30
    expect(wall(due('2025-11-03 09:00', 4, [['2025-11-03 10:00', '2025-11-03 14:30']]).dueAt)).toBe('2025-11-04 07:30');
  });
});

describe('WorkingCalendar.dueDate in calendar days', () => {
  const due = (start: string, value: number, pauses: [string, string][] = []) =>
    calendar.dueDate({ start: vn(start), value, unit: 'calendar_days', pauses: pauses.map(([s, e]) => ({ start: vn(s), end: vn(e) })) });

  it('ends at closing time of the Nth day after acceptance', () => {
    const r = due('2025-11-03 10:00', 10);
    expect(wall(r.dueAt)).toBe('2025-11-13 17:00');
    expect(r.explanation).toEqual([{
      rule: 'counted',
      date: '2025-11-13',
      message: 'Counted 10 calendar days after 2025-11-03 (the day of acceptance is not counted): day 10 is 2025-11-13, the limit ends at its closing time 2025-11-13 17:00',
    }]);
  });

  it('rolls a limit ending on a Sunday to Monday', () => {
    const r = due('2025-11-03 10:00', 20);
    expect(wall(r.dueAt)).toBe('2025-11-24 17:00');
    expect(r.explanation[1]).toEqual({
      rule: 'rolled_to_working_day',
      date: '2025-11-23',
      message: 'The limit ends on 2025-11-23, a Sunday (not a working day): the due date rolls to the next working day 2025-11-24 17:00',
    });
  });

  it('rolls a limit ending on Quốc khánh to the next working day and names the holiday', () => {
    const r = due('2025-08-14 10:00', 19);
    expect(wall(r.dueAt)).toBe('2025-09-03 17:00');
    expect(r.explanation[1]).toEqual({
      rule: 'rolled_to_working_day',
      date: '2025-09-02',
      message: 'The limit ends on 2025-09-02, a public holiday (Quốc khánh): the due date rolls to the next working day 2025-09-03 17:00',
    });
  });

  it('rolls a limit ending in Tết 2026 past the whole break', () => {
    const r = due('2026-01-27 09:00', 20);
    expect(wall(r.dueAt)).toBe('2026-02-23 17:00');
    expect(messages(r)[1]).toContain('(Tết Nguyên đán)');
  });

  it('counts an acceptance after the cut-off or on a weekend as made on the next working day', () => {
    expect(wall(due('2025-11-03 14:59', 10).dueAt)).toBe('2025-11-13 17:00');
    const late = due('2025-11-03 15:01', 10);
    expect(wall(late.dueAt)).toBe('2025-11-14 17:00');
    expect(messages(late)[0]).toBe('Accepted at 2025-11-03 15:01, after the 15:00 cut-off: it counts as accepted on the next working day 2025-11-04');
    expect(wall(due('2025-11-08 10:00', 10).dueAt)).toBe('2025-11-20 17:00');
  });

  it('moves by the paused calendar time, then rolls', () => {
    // 10 days → Thu 2025-11-13 17:00; a pause of 5h moves it to Thu 22:00, still a working day
    const r = due('2025-11-03 10:00', 10, [['2025-11-05 10:00', '2025-11-05 15:00']]);
    expect(wall(r.dueAt)).toBe('2025-11-13 22:00');
    expect(messages(r)).toContain('Paused from 2025-11-05 10:00 to 2025-11-05 15:00: 5h of calendar time not counted, so the limit moves to 2025-11-13 22:00');
    // a pause of 2 days 5h moves it to Saturday 22:00, which rolls to Monday 17:00
    const rolled = due('2025-11-03 10:00', 10, [['2025-11-05 10:00', '2025-11-07 15:00']]);
    expect(wall(rolled.dueAt)).toBe('2025-11-17 17:00');
    expect(rolled.explanation.slice(1)).toEqual([
      {
        rule: 'paused',
        date: '2025-11-05',
        message: 'Paused from 2025-11-05 10:00 to 2025-11-07 15:00: 2 days 5h of calendar time not counted, so the limit moves to 2025-11-15 22:00',
      },
      {
        rule: 'rolled_to_working_day',
        date: '2025-11-15',
        message: 'The limit ends on 2025-11-15, a Saturday (not a working day): the due date rolls to the next working day 2025-11-17 17:00',
      },
    ]);
  });

  it('refuses fractional calendar days', () => {
    expect(() => due('2025-11-03 10:00', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingCalendar working-time arithmetic', () => {
  it('measures working time between two instants', () => {
    expect(calendar.workingTimeBetween(vn('2025-11-03 07:00'), vn('2025-11-03 17:00'))).toBe(8 * HOUR);
    expect(calendar.workingTimeBetween(vn('2025-11-07 16:00'), vn('2025-11-10 08:00'))).toBe(2 * HOUR);
    expect(calendar.workingTimeBetween(vn('2026-02-13 07:00'), vn('2026-02-23 17:00'))).toBe(16 * HOUR);
    expect(calendar.workingTimeBetween(vn('2025-11-03 12:00'), vn('2025-11-03 13:00'))).toBe(0);
    expect(calendar.workingTimeBetween(vn('2025-11-04 07:00'), vn('2025-11-03 07:00'))).toBe(0);
  });

  it('adds working time', () => {
    expect(wall(calendar.addWorkingTime(vn('2025-11-07 16:30'), HOUR))).toBe('2025-11-10 07:30');
    expect(wall(calendar.addWorkingTime(vn('2025-11-03 11:00'), HOUR))).toBe('2025-11-03 14:00');
    expect(wall(calendar.addWorkingTime(vn('2025-11-08 11:00'), 0))).toBe('2025-11-08 11:00');
    expect(() => calendar.addWorkingTime(vn('2025-11-03 11:00'), -1)).toThrow(RangeError);
  });

  it('keeps addWorkingTime and workingTimeBetween consistent', () => {
    const from = new Date('2024-01-01T00:00:00Z').getTime();
    const to = new Date('2030-06-30T00:00:00Z').getTime();
    fc.assert(fc.property(
      fc.integer({ min: from, max: to }),
      fc.integer({ min: 0, max: 400 * HOUR }),
      (t, ms) => {
        const start = new Date(t);
        const end = calendar.addWorkingTime(start, ms);
        return end >= start && calendar.workingTimeBetween(start, end) === ms;
      },
    ), { numRuns: 300 });
  });
});

describe('WorkingCalendar time zone', () => {
  // Jest gives each test file a copy of process.env, so changing TZ here would not change the
  // zone Date uses. Run the same computation in child Node processes started with different TZs.
  const CHILD_SCRIPT = `
    const fs = require('node:fs');
    const swc = require('@swc/core');
    require.extensions['.ts'] = (module, filename) => {
      const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
        filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
      });
      module._compile(code, filename);
    };
    const { WorkingCalendar, seedCalendarDays, parseAnnouncedCalendar } = require(process.argv[1]);
    const announced = ['2025', '2026'].flatMap((y) => parseAnnouncedCalendar(
      JSON.parse(fs.readFileSync(process.argv[2] + '/announced-' + y + '.json', 'utf8')), y));
    const calendar = new WorkingCalendar(seedCalendarDays(2025, 2026, announced));
    const start = new Date('2026-02-13T09:00:00Z'); // Fri 16:00 in Vietnam, after the cut-off
    const pauses = [{ start: new Date('2026-02-24T01:00:00Z'), end: new Date('2026-02-25T08:00:00Z') }];
    const results = ['working_days', 'working_hours', 'calendar_days'].map((unit) => {
      const r = calendar.dueDate({ start, value: 10, unit, pauses });
      return { unit, startsAt: r.startsAt.toISOString(), dueAt: r.dueAt.toISOString(), explanation: r.explanation };
    });
    results.push({ unit: 'countingStart', startsAt: calendar.countingStart(new Date('2025-11-03T05:10:00Z')).at.toISOString() });
    results.push({ unit: 'isWorkingDay', value: calendar.isWorkingDay('2026-02-20') });
    process.stdout.write(JSON.stringify({ offset: new Date(2026, 0, 1).getTimezoneOffset(), results }));
  `;
  const computeWithTz = (tz: string): { offset: number; results: { unit: string; startsAt?: string; dueAt?: string }[] } =>
    JSON.parse(execFileSync(process.execPath, ['-e', CHILD_SCRIPT, join(__dirname, 'index.ts'), CONFIG_DIR], {
      env: { PATH: process.env.PATH, TZ: tz },
      cwd: join(__dirname, '../../../..'),
      encoding: 'utf8',
    }));

  it('gives the same results whatever the process TZ', () => {
    const reference = computeWithTz('Asia/Ho_Chi_Minh');
    expect(reference.offset).toBe(-420);
    // counting starts Mon 23 Feb 07:00 → Fri 6 Mar 17:00, plus 13h paused (Tue 08:00 → Wed 15:00) → Tue 10 Mar 14:00
    expect(reference.results[0]).toMatchObject({ startsAt: '2026-02-23T00:00:00.000Z', dueAt: '2026-03-10T07:00:00.000Z' });
    expect(reference.results[3]).toMatchObject({ startsAt: '2025-11-03T06:30:00.000Z' }); // 12:10 → 13:30
    for (const [tz, offset] of [['UTC', 0], ['America/Los_Angeles', 480], ['Pacific/Kiritimati', -840], ['Pacific/Pago_Pago', 660]] as const) {
      const other = computeWithTz(tz);
      expect(other.offset).toBe(offset); // the child really ran in that zone
      expect(other.results).toEqual(reference.results);
    }
  });

  it('uses the configured zone for office hours', () => {
    const tokyo = new WorkingCalendar([], { ...DEFAULT_WORKING_TIME, timeZone: 'Asia/Tokyo' });
    const r = tokyo.dueDate({ start: new Date('2025-11-02T22:00:00Z'), value: 1, unit: 'working_days' }); // Mon 07:00 in Tokyo
    expect(r.dueAt.toISOString()).toBe('2025-11-03T08:00:00.000Z'); // Mon 17:00 in Tokyo
    // the same instant is Mon 05:00 in Vietnam, before opening
    expect(calendar.countingStart(new Date('2025-11-02T22:00:00Z')).at.toISOString()).toBe('2025-11-03T00:00:00.000Z');
  });
});

describe('WorkingCalendar settings', () => {
  it('supports a 17:00 cut-off and other office hours', () => {
    const settings: WorkingTimeSettings = {
      timeZone: 'Asia/Ho_Chi_Minh',
      periods: [{ start: '07:30', end: '11:30' }, { start: '13:00', end: '17:00' }],
      workingWeekdays: [1, 2, 3, 4, 5, 6],
      receptionCutoff: '17:00',
    };
    const c = new WorkingCalendar([], settings);
    expect(wall(c.countingStart(vn('2025-11-03 16:30')).at)).toBe('2025-11-03 16:30');
    expect(wall(c.countingStart(vn('2025-11-03 17:30')).at)).toBe('2025-11-04 07:30');
    expect(c.isWorkingDay('2025-11-08')).toBe(true);
    const r = c.dueDate({ start: vn('2025-11-07 07:30'), value: 2, unit: 'working_days' });
    expect(wall(r.dueAt)).toBe('2025-11-08 17:00');
    expect(messages(r)[0]).toContain('07:30–11:30 and 13:00–17:00, Monday–Saturday');
  });

  it.each<[string, Partial<WorkingTimeSettings>]>([
    ['an unknown zone', { timeZone: 'Asia/Hanoi' }],
    ['no periods', { periods: [] }],
    ['a period ending before it starts', { periods: [{ start: '11:30', end: '07:00' }] }],
    ['overlapping periods', { periods: [{ start: '07:00', end: '12:00' }, { start: '11:00', end: '17:00' }] }],
    ['a bad weekday', { workingWeekdays: [0, 1] }],
    ['a bad cut-off', { receptionCutoff: '3pm' }],
  ])('rejects %s', (_what, change) => {
    expect(() => new WorkingCalendar([], { ...DEFAULT_WORKING_TIME, ...change })).toThrow(RangeError);
  });

  it('rejects a table listing a date twice or a bad date', () => {
    const day: CalendarDay = { date: '2025-11-05', kind: 'day_off', reason: 'x', source: 'admin' };
    expect(() => new WorkingCalendar([day, day])).toThrow('Calendar day 2025-11-05 is listed twice');
    expect(() => new WorkingCalendar([{ ...day, date: '2025-11-31' }])).toThrow(RangeError);
  });

  it('rejects bad input', () => {
    expect(() => calendar.dueDate({ start: new Date(Number.NaN), value: 1, unit: 'working_days' })).toThrow(RangeError);
    expect(() => calendar.dueDate({ start: vn('2025-11-03 09:00'), value: -1, unit: 'working_days' })).toThrow(RangeError);
    expect(() => calendar.dueDate({ start: vn('2025-11-03 09:00'), value: 1, unit: 'weeks' as 'working_days' })).toThrow(RangeError);
    expect(() => calendar.dueDate({
      start: vn('2025-11-03 09:00'), value: 1, unit: 'working_days', pauses: [{ start: vn('2025-11-04 09:00'), end: vn('2025-11-03 09:00') }],
    })).toThrow(RangeError);
  });

  it('does not let callers mutate the shared defaults', () => {
    expect(Object.isFrozen(DEFAULT_WORKING_TIME.periods)).toBe(true);
    expect(Object.isFrozen(DEFAULT_WORKING_TIME.periods[0])).toBe(true);
  });
});
