// Shapes shared by the working-time calendar. See docs: DOMAIN.md "The clock" and "Public holidays".

/** The unit a legal time limit is written in ("10 ngày làm việc", "20 ngày", "24 giờ"). */
export type DurationUnit = 'working_days' | 'calendar_days' | 'working_hours';
export const DURATION_UNITS: readonly DurationUnit[] = Object.freeze(['working_days', 'calendar_days', 'working_hours'] as const);

/**
 * holiday: statutory public holiday (Labour Code 2019 art. 112), including the compensatory day
 *   given when it falls on a weekly rest day (art. 111(3));
 * day_off: an extra or swapped day off announced by the government or added by an admin;
 * working_day: a make-up working day (typically a Saturday) announced or added by an admin.
 */
export type CalendarDayKind = 'holiday' | 'day_off' | 'working_day';
export const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = Object.freeze(['holiday', 'day_off', 'working_day'] as const);

export type CalendarDaySource = 'statutory' | 'announced' | 'admin';

export interface CalendarDay {
  date: string; // YYYY-MM-DD, a civil date in the calendar's zone
  kind: CalendarDayKind;
  reason: string; // Vietnamese text, e.g. 'Tết Nguyên đán'
  source: CalendarDaySource;
}

export interface WorkingTimeSettings {
  /** IANA zone whose wall clock defines working days and hours. */
  timeZone: string;
  /** Office hours of a working day, 'HH:MM', ascending and not overlapping. */
  periods: { start: string; end: string }[];
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are working days unless the table says otherwise. */
  workingWeekdays: number[];
  /** A dossier accepted after this time starts counting on the next working day (not for hour limits). */
  receptionCutoff: string;
}

export const DEFAULT_WORKING_TIME: WorkingTimeSettings = deepFreeze({
  timeZone: 'Asia/Ho_Chi_Minh',
  periods: [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
  workingWeekdays: [1, 2, 3, 4, 5],
  receptionCutoff: '15:00',
});

export interface Interval {
  start: Date;
  end: Date;
}

/** One step of the reasoning behind a due date, for the officer and the citizen. */
export interface DueDateExplanation {
  /** Stable code, see ExplanationRule. */
  rule: string;
  /** English sentence naming the date(s) involved. */
  message: string;
  /** The civil date the step is about, when there is one. */
  date?: string;
}

export type ExplanationRule =
  | 'after_cutoff'
  | 'after_closing'
  | 'lunch_break'
  | 'before_opening'
  | 'non_working_day'
  | 'holiday'
  | 'day_off'
  | 'make_up_working_day'
  | 'paused'
  | 'rolled_to_working_day'
  | 'counted';

export interface DueDateResult {
  /** When the clock started (after cut-off, lunch and non-working-day adjustments). */
  startsAt: Date;
  dueAt: Date;
  explanation: DueDateExplanation[];
}

/** Shared defaults must not be mutated by one caller for all others. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
