// Statutory public holidays of the Labour Code 2019, art. 112(1), computed for any year, plus the
// compensatory days of art. 111(3). The Prime Minister fixes the exact Tết and National Day days
// (and any swaps) each year; those announcements override this computation (see calendar-seed.ts).

import { addDays, formatCivilDate, isoWeekday } from './civil-date';
import type { CalendarDay } from './calendar.types';
import { lunarToCivilDate } from './lunar';

const HOLIDAY_REASONS = Object.freeze({
  newYear: 'Tết Dương lịch',
  lunarNewYear: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  victoryDay: 'Ngày Chiến thắng',
  labourDay: 'Ngày Quốc tế lao động',
  nationalDay: 'Quốc khánh',
  nationalDayAdjacent: 'Quốc khánh (ngày liền kề)',
});

/** Suffix of a compensatory day's reason: 'Quốc khánh (nghỉ bù)'. */
const COMPENSATORY_SUFFIX = ' (nghỉ bù)';

/** The weekly rest days of the civil service (Saturday, Sunday) that trigger a compensatory day. */
const WEEKLY_REST_DAYS: readonly number[] = [6, 7];

/**
 * Which day next to 2 September is the second National Day holiday, by ISO weekday of 2/9.
 * Rule: the one that gives the longer continuous break with the weekend (counting compensatory
 * days); on a tie the one that is a weekday; then 1 September. It reproduces every schedule
 * announced under the 2019 code: 2021 (Thu → 3/9), 2022 (Fri → 1/9), 2023 (Sat → 1/9),
 * 2024 (Mon → 3/9), 2025 (Tue → 1/9), 2026 (Wed → 1/9).
 */
const NATIONAL_DAY_ADJACENT_BY_WEEKDAY: Readonly<Record<number, '01' | '03'>> = {
  1: '03', // Mon: Sat–Tue either way; 3/9 is a weekday, 1/9 a Sunday
  2: '01', // Tue: Monday 1/9 bridges to the weekend
  3: '01', // Wed: no bridge either way
  4: '03', // Thu: Friday 3/9 bridges to the weekend
  5: '01', // Fri: Thu–Sun either way; 1/9 is a weekday
  6: '01', // Sat: 1/9 (Fri) and a compensatory Monday
  7: '03', // Sun: Sat–Tue either way; 3/9 is a weekday
};

/**
 * Statutory holidays of `year`, sorted by date, each with source 'statutory':
 * - 1/1 Tết Dương lịch;
 * - Tết Nguyên đán, 5 days: the last two days of the old lunar year and the first three of the new
 *   one. Of the patterns the ministry lists, this is the one that reproduces the days off of every
 *   civil-service Tết schedule 2020–2026 (2020-01-23…29, 2021-02-10…16, 2022-01-31…02-04,
 *   2023-01-20…26, 2024-02-08…14, 2025-01-27…31, 2026-02-16…20 on weekdays);
 * - Giỗ Tổ Hùng Vương, 10/3 lunar;
 * - 30/4 Ngày Chiến thắng and 1/5 Ngày Quốc tế lao động;
 * - 2/9 Quốc khánh and one adjacent day (see NATIONAL_DAY_ADJACENT_BY_WEEKDAY);
 * - a compensatory day (kind 'holiday', reason '… (nghỉ bù)') for each of them falling on a
 *   Saturday or Sunday, on the next weekday that is not itself a holiday.
 */
export function statutoryHolidays(year: number): CalendarDay[] {
  if (!Number.isInteger(year) || year < 1968 || year > 2199) {
    // 1968: Vietnam's lunar calendar moved to UTC+7; 2199: beyond that the algorithm is not checked.
    throw new RangeError(`statutoryHolidays: year must be an integer in 1968–2199, got ${year}`);
  }
  const days = [...fixedHolidays(year), ...lunarNewYear(year), hungKingsDay(year)]
    .sort((a, b) => a.date.localeCompare(b.date));
  return withCompensatoryDays(days);
}

/** Civil date of the first day of the lunar year that begins in `year` (mùng 1 Tết). */
function lunarNewYearDay(year: number): string {
  return lunarToCivilDate({ day: 1, month: 1, year });
}

function fixedHolidays(year: number): CalendarDay[] {
  const nationalDay = civil(year, 9, 2);
  const adjacent = `${year}-09-${NATIONAL_DAY_ADJACENT_BY_WEEKDAY[isoWeekday(nationalDay)]}`;
  return [
    holiday(civil(year, 1, 1), HOLIDAY_REASONS.newYear),
    holiday(civil(year, 4, 30), HOLIDAY_REASONS.victoryDay),
    holiday(civil(year, 5, 1), HOLIDAY_REASONS.labourDay),
    holiday(nationalDay, HOLIDAY_REASONS.nationalDay),
    holiday(adjacent, HOLIDAY_REASONS.nationalDayAdjacent),
  ];
}

function lunarNewYear(year: number): CalendarDay[] {
  const firstDay = lunarNewYearDay(year);
  return [-2, -1, 0, 1, 2].map((offset) => holiday(addDays(firstDay, offset), HOLIDAY_REASONS.lunarNewYear));
}

function hungKingsDay(year: number): CalendarDay {
  return holiday(lunarToCivilDate({ day: 10, month: 3, year }), HOLIDAY_REASONS.hungKings);
}

/** Art. 111(3): a holiday on a weekly rest day is made up on the next working day. */
function withCompensatoryDays(sortedHolidays: CalendarDay[]): CalendarDay[] {
  const taken = new Set(sortedHolidays.map((d) => d.date));
  const result = [...sortedHolidays];
  for (const day of sortedHolidays) {
    if (!WEEKLY_REST_DAYS.includes(isoWeekday(day.date))) continue;
    let date = addDays(day.date, 1);
    while (WEEKLY_REST_DAYS.includes(isoWeekday(date)) || taken.has(date)) date = addDays(date, 1);
    taken.add(date);
    result.push(holiday(date, day.reason + COMPENSATORY_SUFFIX));
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

function holiday(date: string, reason: string): CalendarDay {
  return { date, kind: 'holiday', reason, source: 'statutory' };
}

function civil(year: number, month: number, day: number): string {
  return formatCivilDate({ year, month, day });
}
