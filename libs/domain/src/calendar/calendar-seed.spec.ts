import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays } from './civil-date';
import type { CalendarDay } from './calendar.types';
import { parseAnnouncedCalendar, seedCalendarDays } from './calendar-seed';
import { WorkingCalendar } from './working-calendar';

const CONFIG_DIR = join(__dirname, '../../../../config/calendar');

function loadAnnounced(): CalendarDay[] {
  return readdirSync(CONFIG_DIR)
    .filter((f) => /^announced-\d{4}\.json$/.test(f))
    .flatMap((f) => parseAnnouncedCalendar(JSON.parse(readFileSync(join(CONFIG_DIR, f), 'utf8')), `config/calendar/${f}`));
}

/** First and last day of the run of non-working days around `date`. */
function breakAround(calendar: WorkingCalendar, date: string): [string, string] {
  let first = date;
  let last = date;
  while (!calendar.isWorkingDay(addDays(first, -1))) first = addDays(first, -1);
  while (!calendar.isWorkingDay(addDays(last, 1))) last = addDays(last, 1);
  return [first, last];
}

describe('config/calendar announced schedules', () => {
  const announced = loadAnnounced();
  const calendar = new WorkingCalendar(seedCalendarDays(2024, 2026, announced));

  it('parse, one file per year, each entry in its file year', () => {
    const files = readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(['announced-2024.json', 'announced-2025.json', 'announced-2026.json']);
    for (const f of files) {
      const json = JSON.parse(readFileSync(join(CONFIG_DIR, f), 'utf8'));
      expect(`announced-${json.year}.json`).toBe(f);
    }
    expect(announced.every((d) => d.source === 'announced')).toBe(true);
  });

  it('give the 2024 civil-service breaks', () => {
    expect(breakAround(calendar, '2024-01-01')).toEqual(['2023-12-30', '2024-01-01']);
    expect(breakAround(calendar, '2024-02-10')).toEqual(['2024-02-08', '2024-02-14']);
    expect(breakAround(calendar, '2024-04-18')).toEqual(['2024-04-18', '2024-04-18']);
    expect(breakAround(calendar, '2024-04-30')).toEqual(['2024-04-27', '2024-05-01']);
    expect(calendar.isWorkingDay('2024-05-04')).toBe(true); // make-up Saturday
    expect(breakAround(calendar, '2024-09-02')).toEqual(['2024-08-31', '2024-09-03']);
  });

  it('give the 2025 civil-service breaks (Công văn 8726/VPCP-KGVX)', () => {
    expect(breakAround(calendar, '2025-01-29')).toEqual(['2025-01-25', '2025-02-02']); // 9 days, no swap
    expect(calendar.isWorkingDay('2025-02-03')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-08')).toBe(false); // no make-up Saturday after Tết 2025
    expect(breakAround(calendar, '2025-04-07')).toEqual(['2025-04-05', '2025-04-07']);
    expect(breakAround(calendar, '2025-04-30')).toEqual(['2025-04-30', '2025-05-04']);
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true); // make-up Saturday for Fri 2 May
    expect(calendar.dayInfo('2025-05-02')).toEqual({
      date: '2025-05-02', kind: 'day_off', reason: 'Nghỉ lễ 30/4–1/5 (hoán đổi với thứ Bảy 26/04/2025)', source: 'announced',
    });
    expect(breakAround(calendar, '2025-09-02')).toEqual(['2025-08-30', '2025-09-02']);
  });

  it('give the 2026 civil-service breaks (Thông báo 9441/TB-BNV)', () => {
    expect(breakAround(calendar, '2026-01-01')).toEqual(['2026-01-01', '2026-01-01']);
    expect(breakAround(calendar, '2026-02-17')).toEqual(['2026-02-14', '2026-02-22']);
    expect(breakAround(calendar, '2026-04-26')).toEqual(['2026-04-25', '2026-04-27']);
    expect(breakAround(calendar, '2026-04-30')).toEqual(['2026-04-30', '2026-05-03']);
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true); // make-up Saturday for Mon 31 Aug
    expect(breakAround(calendar, '2026-09-02')).toEqual(['2026-08-29', '2026-09-02']);
  });
});

describe('seedCalendarDays', () => {
  const announced: CalendarDay[] = [
    { date: '2025-09-01', kind: 'day_off', reason: 'Thay thế', source: 'announced' },
    { date: '2025-04-26', kind: 'working_day', reason: 'Làm bù', source: 'announced' },
    { date: '2027-01-02', kind: 'working_day', reason: 'Ngoài phạm vi', source: 'announced' },
  ];

  it('merges statutory and announced days, announced winning, sorted by date', () => {
    const days = seedCalendarDays(2025, 2026, announced);
    expect(days.find((d) => d.date === '2025-09-01')).toEqual(announced[0]);
    expect(days.find((d) => d.date === '2025-04-26')).toEqual(announced[1]);
    expect(days.find((d) => d.date === '2025-09-02')?.source).toBe('statutory');
    expect(days.some((d) => d.date.startsWith('2027'))).toBe(false);
    expect(days.map((d) => d.date)).toEqual(days.map((d) => d.date).sort());
    expect(days.filter((d) => d.date.startsWith('2025'))).toHaveLength(12); // 11 statutory + 1 make-up day
    expect(days.filter((d) => d.date.startsWith('2026'))).toHaveLength(13);
  });

  it('rejects the same date announced twice and bad year ranges', () => {
    expect(() => seedCalendarDays(2025, 2025, [announced[0], announced[0]])).toThrow('2025-09-01 is announced twice');
    expect(() => seedCalendarDays(2026, 2025, [])).toThrow(RangeError);
  });
});

describe('parseAnnouncedCalendar', () => {
  const valid = () => ({
    year: 2025,
    source: 'Công văn 8726/VPCP-KGVX',
    days: [
      { date: '2025-04-26', kind: 'working_day', reason: 'Làm bù' },
      { date: '2025-05-02', kind: 'day_off', reason: 'Hoán đổi', note: 'chưa chắc' },
    ],
  });
  const parse = (json: unknown) => parseAnnouncedCalendar(json, 'config/calendar/announced-2025.json');

  it('returns announced calendar days', () => {
    expect(parse(valid())).toEqual([
      { date: '2025-04-26', kind: 'working_day', reason: 'Làm bù', source: 'announced' },
      { date: '2025-05-02', kind: 'day_off', reason: 'Hoán đổi', source: 'announced' },
    ]);
  });

  it.each<[string, (j: ReturnType<typeof valid>) => unknown, string]>([
    ['a non-object', () => [], '$ must be an object (got [])'],
    ['a bad year', (j) => ({ ...j, year: '2025' }), '$.year must be a whole year between 1968 and 2199 (got "2025")'],
    ['no source', (j) => ({ ...j, source: ' ' }), '$.source must be a non-empty string (got " ")'],
    ['no days', (j) => ({ ...j, days: undefined }), '$.days must be an array (got nothing)'],
    ['an unknown field', (j) => ({ ...j, dayz: [] }), '$.dayz is not a known field (expected year, source, notes, days)'],
    ['an impossible date', (j) => { j.days[1].date = '2025-02-30'; return j; }, '$.days[1].date must be a YYYY-MM-DD date (got "2025-02-30")'],
    ['a date of another year', (j) => { j.days[0].date = '2024-04-26'; return j; }, '$.days[0].date must be in 2025, the file\'s year (got "2024-04-26")'],
    ['a repeated date', (j) => { j.days[1].date = '2025-04-26'; return j; }, '$.days[1].date repeats 2025-04-26, already given at $.days[0].date'],
    ['an unknown kind', (j) => { j.days[1].kind = 'dayoff'; return j; }, '$.days[1].kind must be one of holiday, day_off, working_day (got "dayoff")'],
    ['an empty reason', (j) => { j.days[0].reason = ''; return j; }, '$.days[0].reason must be a non-empty string (got "")'],
    ['a misspelt entry field', (j) => ({ ...j, days: [{ ...j.days[0], reson: 'x' }] }), '$.days[0].reson is not a known field (expected date, kind, reason, note)'],
    ['a non-string note', (j) => ({ ...j, days: [{ ...j.days[0], note: 1 }] }), '$.days[0].note must be a string (got 1)'],
  ])('names the file and JSON path for %s', (_what, mutate, message) => {
    expect(() => parse(mutate(valid()))).toThrow(new Error(`config/calendar/announced-2025.json: ${message}`));
  });
});
