// Seeding the editable calendar table: the statutory computation, overridden date by date by the
// schedules the government announces each year (config/calendar/announced-YYYY.json).

import { isCivilDate } from './civil-date';
import { CALENDAR_DAY_KINDS, type CalendarDay, type CalendarDayKind } from './calendar.types';
import { statutoryHolidays } from './statutory-holidays';

/**
 * Statutory holidays of fromYear..toYear plus the announced entries for those years. An announced
 * entry replaces the computed one for the same date (a swapped day off, a make-up working Saturday,
 * a Tết schedule the Prime Minister fixed differently). Announced entries outside the range are
 * ignored. Sorted by date.
 */
export function seedCalendarDays(fromYear: number, toYear: number, announced: CalendarDay[]): CalendarDay[] {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`seedCalendarDays: expected whole years fromYear ≤ toYear, got ${fromYear}..${toYear}`);
  }
  const byDate = new Map<string, CalendarDay>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const day of statutoryHolidays(year)) byDate.set(day.date, day);
  }
  const seenAnnounced = new Set<string>();
  for (const day of announced) {
    if (seenAnnounced.has(day.date)) throw new Error(`seedCalendarDays: ${day.date} is announced twice`);
    seenAnnounced.add(day.date);
    const year = Number(day.date.slice(0, 4));
    if (year >= fromYear && year <= toYear) byDate.set(day.date, { ...day });
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Validates one config/calendar/*.json file and returns its days with source 'announced'.
 * Format: { "year": 2025, "source": "<official document>", "notes"?: "…",
 *           "days": [{ "date": "2025-05-02", "kind": "day_off", "reason": "…", "note"?: "…" }] }
 * Throws an Error naming the file and the JSON path of the first problem.
 */
export function parseAnnouncedCalendar(json: unknown, fileName: string): CalendarDay[] {
  const fail: Fail = (path, problem) => {
    throw new Error(`${fileName}: ${path} ${problem}`);
  };
  const root = asObject(json, '$', fail);
  onlyKeys(root, '$', ['year', 'source', 'notes', 'days'], fail);
  const year = root.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1968 || year > 2199) {
    fail('$.year', `must be a whole year between 1968 and 2199 (got ${show(year)})`);
  }
  nonEmptyString(root.source, '$.source', fail);
  if (root.notes !== undefined && typeof root.notes !== 'string') fail('$.notes', `must be a string (got ${show(root.notes)})`);
  if (!Array.isArray(root.days)) return fail('$.days', `must be an array (got ${show(root.days)})`);

  const firstPathByDate = new Map<string, string>();
  return root.days.map((raw: unknown, i: number): CalendarDay => {
    const path = `$.days[${i}]`;
    const entry = asObject(raw, path, fail);
    onlyKeys(entry, path, ['date', 'kind', 'reason', 'note'], fail);
    const date = entry.date;
    if (!isCivilDate(date)) return fail(`${path}.date`, `must be a YYYY-MM-DD date (got ${show(date)})`);
    if (!date.startsWith(`${year}-`)) fail(`${path}.date`, `must be in ${year}, the file's year (got ${show(date)})`);
    const earlier = firstPathByDate.get(date);
    if (earlier) fail(`${path}.date`, `repeats ${date}, already given at ${earlier}.date`);
    firstPathByDate.set(date, path);
    const kind = entry.kind;
    if (!CALENDAR_DAY_KINDS.includes(kind as CalendarDayKind)) {
      fail(`${path}.kind`, `must be one of ${CALENDAR_DAY_KINDS.join(', ')} (got ${show(kind)})`);
    }
    const reason = nonEmptyString(entry.reason, `${path}.reason`, fail);
    if (entry.note !== undefined && typeof entry.note !== 'string') fail(`${path}.note`, `must be a string (got ${show(entry.note)})`);
    return { date, kind: kind as CalendarDayKind, reason, source: 'announced' };
  });
}

type Fail = (path: string, problem: string) => never;

function asObject(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, `must be an object (got ${show(value)})`);
  return value as Record<string, unknown>;
}

function onlyKeys(obj: Record<string, unknown>, path: string, allowed: string[], fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `is not a known field (expected ${allowed.join(', ')})`);
  }
}

function nonEmptyString(value: unknown, path: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(path, `must be a non-empty string (got ${show(value)})`);
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
