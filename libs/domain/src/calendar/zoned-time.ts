// Wall-clock helpers for a named IANA zone (Asia/Ho_Chi_Minh by default), independent of the
// server's TZ: the zone's offset comes from Intl with an explicit timeZone (kept per quarter hour,
// see zoneOffsetMs), and wall-clock fields are read with the UTC getters of the shifted instant,
// never with Date#getHours() and friends, which read the process zone. Vietnam has been UTC+7
// without DST since 1975, but the offset is derived from the zone so another zone could be configured.

import { formatCivilDate, pad2, parseCivilDate } from './civil-date';

export interface WallClock {
  date: string; // YYYY-MM-DD
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MS_PER_MINUTE = 60_000;
const QUARTER_HOUR_MS = 15 * MS_PER_MINUTE;
const DAY_MS = 86_400_000;
/** About two years of quarter hours per zone before the cache starts again. */
const MAX_CACHED_QUARTERS = 70_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetsByQuarter = new Map<string, Map<number, number>>();

/** Throws RangeError if the zone is not a valid IANA name. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The wall-clock reading of `instant` in `timeZone`. */
export function toWallClock(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  const local = new Date(ms + zoneOffsetMs(instant, timeZone));
  return {
    date: formatCivilDate({ year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() }),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/** The civil date of `instant` in `timeZone`. */
export function civilDateIn(instant: Date, timeZone: string): string {
  return toWallClock(instant, timeZone).date;
}

/**
 * Offset of `timeZone` from UTC at `instant`, in milliseconds (+7 h for Vietnam).
 * Reading it through Intl costs microseconds and a due date needs dozens of readings, so offsets
 * are kept per quarter hour of UTC time: a quarter whose two ends have the same offset contains no
 * transition (zones change at most twice a year), and one that contains a transition is read per instant.
 */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = offsetsByQuarter.get(timeZone)?.get(quarter);
  if (offset === undefined) {
    const first = intlOffsetMs(quarter * QUARTER_HOUR_MS, timeZone);
    offset = first === intlOffsetMs((quarter + 1) * QUARTER_HOUR_MS - 1, timeZone) ? first : Number.NaN;
    let offsets = offsetsByQuarter.get(timeZone);
    if (!offsets || offsets.size >= MAX_CACHED_QUARTERS) offsetsByQuarter.set(timeZone, (offsets = new Map()));
    offsets.set(quarter, offset);
  }
  return Number.isNaN(offset) ? intlOffsetMs(ms, timeZone) : offset;
}

/** The offset as Intl reads the zone's wall clock at `ms` (zone offsets are whole seconds). */
function intlOffsetMs(ms: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  // Date.UTC reads years 0–99 as 1900–1999.
  const year = Number(parts.year);
  return (year >= 0 && year < 100 ? new Date(asUtc).setUTCFullYear(year) : asUtc) - wholeSeconds;
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` + `minutesOfDay`.
 * Like Temporal's 'compatible' disambiguation: a wall time repeated by a DST fall-back gives the
 * earlier instant; one skipped by a spring-forward jump is moved later by the jump. Neither
 * happens in Vietnam.
 */
export function wallClockToInstant(date: string, minutesOfDay: number, timeZone: string): Date {
  const p = parseCivilDate(date);
  if (!p) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day) + minutesOfDay * MS_PER_MINUTE;
  // The offset in force a day before and a day after brackets any transition near this time.
  const offsetBefore = zoneOffsetMs(new Date(asUtc - DAY_MS), timeZone);
  const offsetAfter = zoneOffsetMs(new Date(asUtc + DAY_MS), timeZone);
  const candidates = [asUtc - offsetBefore, asUtc - offsetAfter]
    .filter((t) => zoneOffsetMs(new Date(t), timeZone) === asUtc - t);
  return new Date(candidates.length > 0 ? Math.min(...candidates) : asUtc - offsetBefore);
}

/** 'YYYY-MM-DD HH:MM' in `timeZone`, for human-readable explanations. */
export function formatWallClock(instant: Date, timeZone: string): string {
  const w = toWallClock(instant, timeZone);
  const seconds = w.second || w.millisecond ? `:${pad2(w.second)}` : '';
  return `${w.date} ${pad2(w.hour)}:${pad2(w.minute)}${seconds}`;
}

/** Parses 'HH:MM' (00:00–24:00) into minutes after midnight. */
export function parseClockTime(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}
