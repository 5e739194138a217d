// The working-time calendar: which days are working days, when the clock starts for a dossier,
// and when its time limit runs out. DOMAIN.md "The clock".
//
// Counting rules (all wall-clock times in settings.timeZone, whatever the server's TZ):
// - working_days N: the clock starts at countingStart(acceptedAt) and runs N × (one working day of
//   office hours, 8 h by default) of working time. Starting 07:00 Monday, 1 working day is due
//   Monday 17:00; starting 09:00 Monday, it is due Tuesday 09:00.
// - working_hours N: N hours of working time from the same start, except that the reception
//   cut-off does not apply: hour limits ("24 giờ") are short and run from the moment of receipt,
//   so only the lunch break, the hours before opening and non-working days are skipped.
// - calendar_days N: the day of acceptance is not counted (a dossier accepted after the cut-off or
//   on a non-working day counts as accepted on the next working day, and startsAt is then that
//   day's opening time); the limit runs out at closing time (17:00) of the N-th day after it, moved
//   to the closing time of the next working day if that day is not a working day.
// - pauses (supplementation): the clock stops. Each pause moves the due date later by the working
//   time it covers (calendar time for calendar_days, then the roll-forward is applied again). Only
//   the part after the clock started counts, and a pause that begins once the due date has passed
//   changes nothing: the limit had already run out.

import { addDays, isCivilDate, isoWeekday } from './civil-date';
import {
  CALENDAR_DAY_KINDS,
  DEFAULT_WORKING_TIME,
  type CalendarDay,
  type DueDateExplanation,
  type DueDateResult,
  type DurationUnit,
  type ExplanationRule,
  type Interval,
  type WorkingTimeSettings,
} from './calendar.types';
import {
  clockLabel,
  explain,
  formatCalendarDuration,
  formatWorkingDuration,
  plural,
  weekdayName,
  weekdaysLabel,
} from './explain';
import { assertTimeZone, civilDateIn, formatWallClock, parseClockTime, wallClockToInstant } from './zoned-time';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** A calendar without a single working day in a year is misconfigured: stop rather than loop. */
const MAX_CONSECUTIVE_NON_WORKING_DAYS = 366;

interface ResolvedSettings {
  timeZone: string;
  periods: { start: number; end: number }[]; // minutes after midnight
  workingWeekdays: ReadonlySet<number>;
  cutoff: number; // minutes after midnight
  workingDayMs: number;
  hoursLabel: string; // '07:00–11:30 and 13:30–17:00, Monday–Friday'
}

/** An interval of working time as epoch milliseconds. */
interface Span {
  start: number;
  end: number;
}

interface StartOfCounting {
  at: Date;
  explanation: DueDateExplanation[];
}

export class WorkingCalendar {
  private readonly settings: ResolvedSettings;
  private readonly days: ReadonlyMap<string, CalendarDay>;
  private readonly spansByDate = new Map<string, readonly Span[]>();

  constructor(days: CalendarDay[], settings: WorkingTimeSettings = DEFAULT_WORKING_TIME) {
    this.settings = resolveSettings(settings);
    this.days = indexDays(days);
  }

  /** Length of a full working day (8 hours with the default periods), for converting durations. */
  get workingDayMs(): number {
    return this.settings.periods.reduce((sum, p) => sum + (p.end - p.start) * 60_000, 0);
  }

  /** Make-up days count even on a Saturday; holidays and days off stop a weekday from counting. */
  isWorkingDay(date: string): boolean {
    const entry = this.entry(date);
    if (entry) return entry.kind === 'working_day';
    return this.settings.workingWeekdays.has(isoWeekday(date));
  }

  /** The table entry for a date, if any (a copy: the table of an instance never changes). */
  dayInfo(date: string): CalendarDay | undefined {
    const entry = this.entry(date);
    return entry && { ...entry };
  }

  /** When counting begins for something accepted at `acceptedAt` (cut-off, lunch, opening, non-working day). */
  countingStart(acceptedAt: Date): { at: Date; explanation: DueDateExplanation[] } {
    return this.startOfCounting(acceptedAt, true);
  }

  /** Due date for a time limit counted from acceptance; pauses are intervals not counted (supplementation). */
  dueDate(input: { start: Date; value: number; unit: DurationUnit; pauses?: Interval[] }): DueDateResult {
    assertInstant(input.start, 'start');
    if (!(Number.isFinite(input.value) && input.value >= 0)) {
      throw new RangeError(`dueDate: value must be a finite number ≥ 0, got ${input.value}`);
    }
    const pauses = normalizePauses(input.pauses ?? []);
    switch (input.unit) {
      case 'working_days':
      case 'working_hours':
        return this.dueByWorkingTime(input.start, input.value, input.unit, pauses);
      case 'calendar_days':
        return this.dueByCalendarDays(input.start, input.value, pauses);
      default:
        throw new RangeError(`dueDate: unknown unit ${JSON.stringify(input.unit)}`);
    }
  }

  /** Working milliseconds between two instants (used to move due dates by paused working time). */
  workingTimeBetween(from: Date, to: Date): number {
    assertInstant(from, 'from');
    assertInstant(to, 'to');
    const [a, b] = [from.getTime(), to.getTime()];
    if (b <= a) return 0;
    const lastDate = this.civilDate(b);
    let total = 0;
    for (let date = this.civilDate(a); date <= lastDate; date = addDays(date, 1)) {
      for (const span of this.workingSpans(date)) {
        total += Math.max(0, Math.min(b, span.end) - Math.max(a, span.start));
      }
    }
    return total;
  }

  /** Add working milliseconds to an instant. Adding 0 returns the instant itself. */
  addWorkingTime(from: Date, ms: number): Date {
    assertInstant(from, 'from');
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`addWorkingTime: ms must be ≥ 0, got ${ms}`);
    if (ms === 0) return new Date(from.getTime());
    let remaining = ms;
    const t = from.getTime();
    let idleDays = 0;
    for (let date = this.civilDate(t); ; date = addDays(date, 1)) {
      const spans = this.workingSpans(date);
      idleDays = spans.length === 0 ? idleDays + 1 : 0;
      if (idleDays > MAX_CONSECUTIVE_NON_WORKING_DAYS) {
        throw new Error(`No working day in the ${MAX_CONSECUTIVE_NON_WORKING_DAYS} days before ${date}: check the calendar`);
      }
      for (const span of spans) {
        const start = Math.max(span.start, t);
        if (start >= span.end) continue;
        // Landing exactly on closing time is allowed: a full day from 07:00 ends at 17:00 the same day.
        if (remaining <= span.end - start) return new Date(start + remaining);
        remaining -= span.end - start;
      }
    }
  }

  // ---- counting start ------------------------------------------------------------------------

  private startOfCounting(acceptedAt: Date, applyCutoff: boolean): StartOfCounting {
    assertInstant(acceptedAt, 'acceptedAt');
    const t = acceptedAt.getTime();
    const date = this.civilDate(t);
    if (!this.isWorkingDay(date)) {
      return this.startNextWorkingDay(date, (opening) =>
        this.nonWorkingDayExplanation(date, `Accepted on ${date}`, `counting starts on the next working day ${opening}`));
    }
    if (applyCutoff && t > this.instant(date, this.settings.cutoff)) {
      return this.startNextWorkingDay(date, (opening) => explain('after_cutoff',
        `Accepted at ${this.format(t)}, after the ${clockLabel(this.settings.cutoff)} cut-off: ` +
        `counting starts on the next working day ${opening}`, date));
    }
    const makeUp = this.makeUpDayExplanations(date);
    for (const [i, span] of this.workingSpans(date).entries()) {
      if (t < span.start) {
        const rule: ExplanationRule = i === 0 ? 'before_opening' : 'lunch_break';
        const why = i === 0 ? 'before opening time' : 'during the lunch break';
        return {
          at: new Date(span.start),
          explanation: [...makeUp, explain(rule, `Accepted at ${this.format(t)}, ${why}: counting starts at ${this.format(span.start)}`, date)],
        };
      }
      if (t < span.end) return { at: new Date(t), explanation: makeUp };
    }
    return this.startNextWorkingDay(date, (opening) => explain('after_closing',
      `Accepted at ${this.format(t)}, after closing time: counting starts on the next working day ${opening}`, date));
  }

  private startNextWorkingDay(date: string, because: (opening: string) => DueDateExplanation): StartOfCounting {
    const next = this.nextWorkingDay(date);
    const at = this.workingSpans(next)[0].start;
    return { at: new Date(at), explanation: [because(this.format(at)), ...this.makeUpDayExplanations(next)] };
  }

  // ---- working days and hours ----------------------------------------------------------------

  private dueByWorkingTime(start: Date, value: number, unit: 'working_days' | 'working_hours', pauses: Span[]): DueDateResult {
    const { at: startsAt, explanation } = this.startOfCounting(start, unit === 'working_days');
    const budget = Math.round(unit === 'working_days' ? value * this.settings.workingDayMs : value * HOUR_MS);
    const plannedDue = this.addWorkingTime(startsAt, budget);
    explanation.push(explain('counted', this.countedMessage(value, unit, budget, startsAt, plannedDue)));

    let due = plannedDue.getTime();
    for (const pause of pauses) {
      const effect = this.pauseEffect(pause, startsAt.getTime(), due);
      if (effect.kind === 'moves') {
        const paused = this.workingTimeBetween(new Date(effect.from), new Date(pause.end));
        const moved = this.addWorkingTime(new Date(due), paused).getTime();
        const range = `Paused from ${this.format(effect.from)} to ${this.format(pause.end)}`;
        explanation.push(explain('paused', paused === 0
          ? `${range}: no working time in the pause, the due date stays ${this.format(due)}`
          : `${range}: ${formatWorkingDuration(paused)} of working time not counted, ` +
            `so the due date moves from ${this.format(due)} to ${this.format(moved)}`, this.civilDate(effect.from)));
        due = moved;
      } else {
        explanation.push(effect.explanation);
      }
    }
    explanation.push(...this.tableDayExplanations(this.civilDate(start.getTime()), this.civilDate(due), explanation));
    return { startsAt, dueAt: new Date(due), explanation };
  }

  private countedMessage(value: number, unit: DurationUnit, budget: number, startsAt: Date, due: Date): string {
    const span = `from ${this.format(startsAt.getTime())}: due ${this.format(due.getTime())}`;
    if (unit === 'working_hours') {
      return `Counted ${plural(value, 'working hour')} (office hours ${this.settings.hoursLabel}; no cut-off for hour limits) ${span}`;
    }
    return `Counted ${plural(value, 'working day')} = ${formatWorkingDuration(budget)} of working time ` +
      `(${formatWorkingDuration(this.settings.workingDayMs)} a day, ${this.settings.hoursLabel}) ${span}`;
  }

  // ---- calendar days ------------------------------------------------------------------------

  private dueByCalendarDays(start: Date, value: number, pauses: Span[]): DueDateResult {
    if (!Number.isInteger(value)) throw new RangeError(`dueDate: calendar_days must be a whole number, got ${value}`);
    const { acceptedOn, startsAt, explanation } = this.calendarDayAcceptance(start);
    const lastDay = addDays(acceptedOn, value);
    let unrolled = this.closingTime(lastDay);
    explanation.push(explain('counted',
      `Counted ${plural(value, 'calendar day')} after ${acceptedOn} (the day of acceptance is not counted): ` +
      `day ${value} is ${lastDay}, the limit ends at its closing time ${this.format(unrolled)}`, lastDay));

    let due = this.rollToWorkingDay(unrolled);
    for (const pause of pauses) {
      const effect = this.pauseEffect(pause, startsAt, due);
      if (effect.kind === 'moves') {
        const paused = pause.end - effect.from;
        unrolled += paused;
        const moved = this.rollToWorkingDay(unrolled);
        explanation.push(explain('paused',
          `Paused from ${this.format(effect.from)} to ${this.format(pause.end)}: ${formatCalendarDuration(paused)} of calendar time ` +
          `not counted, so the limit moves to ${this.format(unrolled)}`, this.civilDate(effect.from)));
        due = moved;
      } else {
        explanation.push(effect.explanation);
      }
    }
    if (due !== unrolled) explanation.push(this.rollExplanation(unrolled, due));
    return { startsAt: new Date(startsAt), dueAt: new Date(due), explanation };
  }

  /** The day that counts as the day of acceptance: the next working day after the cut-off or on a day off. */
  private calendarDayAcceptance(start: Date): { acceptedOn: string; startsAt: number; explanation: DueDateExplanation[] } {
    const t = start.getTime();
    const date = this.civilDate(t);
    const counted = (next: string) => `it counts as accepted on the next working day ${next}`;
    if (!this.isWorkingDay(date)) {
      const next = this.nextWorkingDay(date);
      return {
        acceptedOn: next,
        startsAt: this.workingSpans(next)[0].start,
        explanation: [this.nonWorkingDayExplanation(date, `Accepted on ${date}`, counted(next))],
      };
    }
    if (t > this.instant(date, this.settings.cutoff)) {
      const next = this.nextWorkingDay(date);
      return {
        acceptedOn: next,
        startsAt: this.workingSpans(next)[0].start,
        explanation: [explain('after_cutoff',
          `Accepted at ${this.format(t)}, after the ${clockLabel(this.settings.cutoff)} cut-off: ${counted(next)}`, date)],
      };
    }
    return { acceptedOn: date, startsAt: t, explanation: [] };
  }

  /** Calendar-day limits ending on a non-working day end at closing time of the next working day. */
  private rollToWorkingDay(t: number): number {
    const date = this.civilDate(t);
    return this.isWorkingDay(date) ? t : this.closingTime(this.nextWorkingDay(date));
  }

  private rollExplanation(from: number, to: number): DueDateExplanation {
    const date = this.civilDate(from);
    return this.nonWorkingDayExplanation(date, `The limit ends on ${date}`,
      `the due date rolls to the next working day ${this.format(to)}`, 'rolled_to_working_day');
  }

  // ---- pauses -------------------------------------------------------------------------------

  /** Whether a pause stops the clock: only its part after the start, and only if it begins before the due date. */
  private pauseEffect(pause: Span, startsAt: number, due: number):
    { kind: 'moves'; from: number } | { kind: 'none'; explanation: DueDateExplanation } {
    const from = Math.max(pause.start, startsAt);
    const range = `${this.format(pause.start)} to ${this.format(pause.end)}`;
    if (pause.end <= from) {
      return { kind: 'none', explanation: explain('paused', `Paused from ${range}: before counting started, no effect`, this.civilDate(pause.start)) };
    }
    if (from >= due) {
      return {
        kind: 'none',
        explanation: explain('paused', `Paused from ${range}: began after the due date ${this.format(due)} had passed, no effect`, this.civilDate(pause.start)),
      };
    }
    return { kind: 'moves', from };
  }

  // ---- table days in explanations -------------------------------------------------------------

  /**
   * The table entries that changed the count between two dates: holidays and days off on what
   * would be working weekdays (grouped when nothing but rest days separates them), and make-up
   * working days. Plain weekends are not listed.
   */
  private tableDayExplanations(fromDate: string, toDate: string, already: DueDateExplanation[]): DueDateExplanation[] {
    const explained = new Set(already.map((e) => `${e.rule}|${e.date}`));
    const result: DueDateExplanation[] = [];
    let group: { rule: 'holiday' | 'day_off'; first: string; last: string; reasons: string[] } | undefined;
    const flush = () => {
      if (!group) return;
      const range = group.first === group.last ? group.first : `${group.first} to ${group.last}`;
      const what = group.rule === 'holiday' ? 'public holiday' : 'day off';
      result.push(explain(group.rule, `${range} not counted: ${what} (${group.reasons.join('; ')})`, group.first));
      group = undefined;
    };
    for (let date = fromDate; date <= toDate; date = addDays(date, 1)) {
      const entry = this.days.get(date);
      const regularWorkday = this.settings.workingWeekdays.has(isoWeekday(date));
      if (entry && entry.kind !== 'working_day' && regularWorkday) {
        if (group?.rule !== entry.kind) flush();
        group ??= { rule: entry.kind, first: date, last: date, reasons: [] };
        group.last = date;
        if (!group.reasons.includes(entry.reason)) group.reasons.push(entry.reason);
      } else if (this.isWorkingDay(date)) {
        flush();
        if (entry?.kind === 'working_day' && !regularWorkday && !explained.has(`make_up_working_day|${date}`)) {
          result.push(...this.makeUpDayExplanations(date));
        }
      }
    }
    flush();
    return result;
  }

  private makeUpDayExplanations(date: string): DueDateExplanation[] {
    const entry = this.days.get(date);
    if (entry?.kind !== 'working_day' || this.settings.workingWeekdays.has(isoWeekday(date))) return [];
    return [explain('make_up_working_day', `${date} (${weekdayName(isoWeekday(date))}) is a make-up working day (${entry.reason}): counted as a working day`, date)];
  }

  private nonWorkingDayExplanation(date: string, subject: string, consequence: string, rule?: ExplanationRule): DueDateExplanation {
    const entry = this.days.get(date);
    if (entry?.kind === 'holiday') {
      return explain(rule ?? 'holiday', `${subject}, a public holiday (${entry.reason}): ${consequence}`, date);
    }
    if (entry?.kind === 'day_off') {
      return explain(rule ?? 'day_off', `${subject}, a day off (${entry.reason}): ${consequence}`, date);
    }
    return explain(rule ?? 'non_working_day', `${subject}, a ${weekdayName(isoWeekday(date))} (not a working day): ${consequence}`, date);
  }

  // ---- days and spans -------------------------------------------------------------------------

  private entry(date: string): CalendarDay | undefined {
    if (!isCivilDate(date)) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
    return this.days.get(date);
  }

  /** Office hours of a date as instants; none on a non-working day. Cached: the table is fixed per instance. */
  private workingSpans(date: string): readonly Span[] {
    let spans = this.spansByDate.get(date);
    if (!spans) {
      spans = this.isWorkingDay(date)
        ? this.settings.periods.map((p) => ({ start: this.instant(date, p.start), end: this.instant(date, p.end) }))
        : [];
      this.spansByDate.set(date, spans);
    }
    return spans;
  }

  /** The first working day strictly after `date`. */
  private nextWorkingDay(date: string): string {
    let next = addDays(date, 1);
    for (let i = 0; !this.isWorkingDay(next); i++, next = addDays(next, 1)) {
      if (i >= MAX_CONSECUTIVE_NON_WORKING_DAYS) throw new Error(`No working day in the ${i} days after ${date}: check the calendar`);
    }
    return next;
  }

  /** Closing time of office hours on `date` (whether or not it is a working day). */
  private closingTime(date: string): number {
    const periods = this.settings.periods;
    return this.instant(date, periods[periods.length - 1].end);
  }

  private instant(date: string, minutesOfDay: number): number {
    return wallClockToInstant(date, minutesOfDay, this.settings.timeZone).getTime();
  }

  private civilDate(t: number): string {
    return civilDateIn(new Date(t), this.settings.timeZone);
  }

  private format(t: number): string {
    return formatWallClock(new Date(t), this.settings.timeZone);
  }
}

// ---- input checks -------------------------------------------------------------------------------

function resolveSettings(s: WorkingTimeSettings): ResolvedSettings {
  try {
    assertTimeZone(s.timeZone);
  } catch {
    throw new RangeError(`WorkingTimeSettings.timeZone: unknown time zone ${JSON.stringify(s.timeZone)}`);
  }
  if (!Array.isArray(s.periods) || s.periods.length === 0) throw new RangeError('WorkingTimeSettings.periods: at least one period is required');
  const periods = s.periods.map((p, i) => {
    const start = parseClockTime(p.start);
    const end = parseClockTime(p.end);
    if (start === undefined || end === undefined || start >= end) {
      throw new RangeError(`WorkingTimeSettings.periods[${i}]: expected HH:MM start before end, got ${JSON.stringify(p)}`);
    }
    return { start, end };
  });
  periods.forEach((p, i) => {
    if (i > 0 && p.start < periods[i - 1].end) throw new RangeError(`WorkingTimeSettings.periods[${i}] overlaps or precedes the period before it`);
  });
  const weekdays = s.workingWeekdays;
  if (!Array.isArray(weekdays) || weekdays.length === 0 || !weekdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) {
    throw new RangeError(`WorkingTimeSettings.workingWeekdays: expected ISO weekdays 1–7, got ${JSON.stringify(weekdays)}`);
  }
  const cutoff = parseClockTime(s.receptionCutoff);
  if (cutoff === undefined) throw new RangeError(`WorkingTimeSettings.receptionCutoff: expected HH:MM, got ${JSON.stringify(s.receptionCutoff)}`);
  const hours = periods.map((p) => `${clockLabel(p.start)}–${clockLabel(p.end)}`).join(' and ');
  return {
    timeZone: s.timeZone,
    periods,
    workingWeekdays: new Set(weekdays),
    cutoff,
    workingDayMs: periods.reduce((sum, p) => sum + (p.end - p.start) * MINUTE_MS, 0),
    hoursLabel: `${hours}, ${weekdaysLabel(weekdays)}`,
  };
}

function indexDays(days: CalendarDay[]): Map<string, CalendarDay> {
  const map = new Map<string, CalendarDay>();
  days.forEach((day, i) => {
    if (!isCivilDate(day.date)) throw new RangeError(`Calendar day ${i}: not a valid YYYY-MM-DD date: ${JSON.stringify(day.date)}`);
    if (!CALENDAR_DAY_KINDS.includes(day.kind)) throw new RangeError(`Calendar day ${day.date}: unknown kind ${JSON.stringify(day.kind)}`);
    if (map.has(day.date)) throw new RangeError(`Calendar day ${day.date} is listed twice`);
    map.set(day.date, { ...day });
  });
  return map;
}

function assertInstant(d: Date, name: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`${name}: expected a valid Date`);
}

/** Sorted, merged pauses; overlapping supplementation requests must not be counted twice. */
function normalizePauses(pauses: Interval[]): Span[] {
  const spans = pauses.map((p, i) => {
    assertInstant(p.start, `pauses[${i}].start`);
    assertInstant(p.end, `pauses[${i}].end`);
    if (p.end < p.start) throw new RangeError(`pauses[${i}]: end is before start`);
    return { start: p.start.getTime(), end: p.end.getTime() };
  }).sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}
