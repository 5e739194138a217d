// Arithmetic on civil (calendar) dates written 'YYYY-MM-DD'. A civil date has no time zone:
// it names a day on the wall calendar, so we compute with UTC-midnight Date values only as
// a counting device and never read the process's local time.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface CivilDateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

/**
 * Valid dates already parsed: a due date walks the same few weeks of dates many times. Bounded
 * (the cache starts again when full), since dates come from the calendar and from requests.
 */
const parsedDates = new Map<string, Readonly<CivilDateParts>>();
const MAX_PARSED_DATES = 20_000;

export function parseCivilDate(date: string): Readonly<CivilDateParts> | undefined {
  const known = parsedDates.get(date);
  if (known) return known;
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const parts = Object.freeze({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  // Round-trip through UTC to reject 2025-02-30 and the like.
  if (formatCivilDate(parts) !== toCivil(fromCivil(parts))) return undefined;
  if (parsedDates.size >= MAX_PARSED_DATES) parsedDates.clear();
  parsedDates.set(date, parts);
  return parts;
}

export function isCivilDate(date: unknown): date is string {
  return typeof date === 'string' && parseCivilDate(date) !== undefined;
}

export function formatCivilDate({ year, month, day }: CivilDateParts): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function addDays(date: string, days: number): string {
  return toCivil(fromCivil(mustParse(date)) + days * MS_PER_DAY);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((fromCivil(mustParse(b)) - fromCivil(mustParse(a))) / MS_PER_DAY);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(fromCivil(mustParse(date))).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Julian Day Number of a civil date (noon-based integer), as used by lunar algorithms. */
export function julianDayNumber(date: string): number {
  return Math.round(fromCivil(mustParse(date)) / MS_PER_DAY) + 2_440_588;
}

export function civilDateFromJulianDay(jdn: number): string {
  return toCivil((jdn - 2_440_588) * MS_PER_DAY);
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function mustParse(date: string): Readonly<CivilDateParts> {
  const parts = parseCivilDate(date);
  if (!parts) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  return parts;
}

function fromCivil({ year, month, day }: CivilDateParts): number {
  if (year >= 100) return Date.UTC(year, month - 1, day);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0..99 literal
  return d.getTime();
}

function toCivil(ms: number): string {
  const d = new Date(ms);
  return formatCivilDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}
