import type { DurationUnit, WorkingCalendar } from '../calendar';
import type { ClockState } from '../workflow';

/** A closed interval during which the department's clock did not run. */
export interface ClockPause {
  start: string;
  end: string;
  /** applicant: waiting for a supplement or a payment; external: waiting for another agency. */
  reason: 'applicant' | 'external';
}

/** What a dossier keeps to know its legal deadline at any time. */
export interface DossierClock {
  /** Acceptance: the clock counts from here (with the calendar's cut-off rules). */
  receivedAt: Date | null;
  /** Set while the clock is stopped; closed into `pauses` when it runs again. */
  pausedAt: Date | null;
  pauseReason: ClockPause['reason'] | null;
  pauses: ClockPause[];
  /** The new date promised in an apology (form 04); replaces the computed due date. */
  extendedDueAt: Date | null;
}

export interface ProcessingTimeLimit {
  value: number;
  unit: DurationUnit;
}

export const EMPTY_CLOCK: DossierClock = { receivedAt: null, pausedAt: null, pauseReason: null, pauses: [], extendedDueAt: null };

const STOPPED_BY: Partial<Record<ClockState, ClockPause['reason']>> = { paused: 'applicant', external: 'external' };

/**
 * The clock after the dossier moves from a step with clock `from` to one with clock `to` at `at`.
 * Entering a running step for the first time is the acceptance; entering a paused or external step
 * stops the clock; leaving it closes the pause, which then moves the due date by its working time.
 */
export function moveClock(clock: DossierClock, from: ClockState, to: ClockState, at: Date): DossierClock {
  let next = clock;
  if (next.pausedAt && STOPPED_BY[from] && STOPPED_BY[to] !== STOPPED_BY[from]) {
    next = {
      ...next,
      pauses: [...next.pauses, { start: next.pausedAt.toISOString(), end: at.toISOString(), reason: next.pauseReason ?? 'applicant' }],
      pausedAt: null,
      pauseReason: null,
    };
  }
  if (!next.receivedAt && to === 'running') next = { ...next, receivedAt: at };
  const stoppedBy = STOPPED_BY[to];
  if (next.receivedAt && stoppedBy && !next.pausedAt) next = { ...next, pausedAt: at, pauseReason: stoppedBy };
  return next;
}

/**
 * The legal due date: the promised date after an apology, otherwise the procedure's limit counted
 * from acceptance by the working calendar, moved by every closed pause. Null before acceptance.
 */
export function dueDateOf(clock: DossierClock, limit: ProcessingTimeLimit, calendar: WorkingCalendar): Date | null {
  if (clock.extendedDueAt) return clock.extendedDueAt;
  if (!clock.receivedAt) return null;
  const pauses = clock.pauses.map((p) => ({ start: new Date(p.start), end: new Date(p.end) }));
  return calendar.dueDate({ start: clock.receivedAt, value: limit.value, unit: limit.unit, pauses }).dueAt;
}

/** Working time the dossier spent waiting for another agency (reported apart from the department's own time). */
export function externalWorkingMs(clock: DossierClock, calendar: WorkingCalendar): number {
  return clock.pauses
    .filter((p) => p.reason === 'external')
    .reduce((sum, p) => sum + calendar.workingTimeBetween(new Date(p.start), new Date(p.end)), 0);
}

/**
 * A running step's own deadline: its share of the dossier's whole working time, from entry.
 * Steps off the clock use their own time limit when they have one.
 */
export function stepDueDate(args: {
  calendar: WorkingCalendar;
  enteredAt: Date;
  clock: ClockState;
  slaShare: number;
  timeLimit?: ProcessingTimeLimit;
  dossierReceivedAt: Date | null;
  dossierDueAt: Date | null;
}): Date | null {
  const { calendar, enteredAt } = args;
  if (args.timeLimit) return calendar.dueDate({ start: enteredAt, value: args.timeLimit.value, unit: args.timeLimit.unit }).dueAt;
  if (args.clock !== 'running' || args.slaShare <= 0 || !args.dossierReceivedAt || !args.dossierDueAt) return null;
  const start = calendar.countingStart(args.dossierReceivedAt).at;
  const total = calendar.workingTimeBetween(start, args.dossierDueAt);
  return calendar.addWorkingTime(enteredAt, Math.round(total * args.slaShare));
}

/** Step warning time when a definition names none: one working day before the step's deadline. */
export const DEFAULT_DUE_SOON_BEFORE: ProcessingTimeLimit = { value: 1, unit: 'working_days' };

function workingMs(limit: ProcessingTimeLimit, calendar: WorkingCalendar): number {
  const hour = 3600_000;
  return limit.unit === 'working_hours' ? limit.value * hour : limit.value * calendar.workingDayMs;
}

/**
 * When a step entered at `enteredAt` becomes "due soon" and when its automatic action falls due.
 * The warning never comes before the step starts: a step shorter than the warning is due soon at once.
 */
export function stepTimers(args: {
  calendar: WorkingCalendar;
  enteredAt: Date;
  stepDueAt: Date | null;
  dueSoonBefore?: ProcessingTimeLimit;
  autoActionAfterWorkingDays?: number;
}): { dueSoonAt: Date | null; autoActionAt: Date | null } {
  const { calendar, enteredAt, stepDueAt } = args;
  let dueSoonAt: Date | null = null;
  if (stepDueAt) {
    const span = calendar.workingTimeBetween(enteredAt, stepDueAt);
    const before = workingMs(args.dueSoonBefore ?? DEFAULT_DUE_SOON_BEFORE, calendar);
    // A step not much longer than the warning (a one-day step, a one-day warning) would warn the
    // moment it starts, for every dossier: it warns halfway through instead.
    dueSoonAt = calendar.addWorkingTime(enteredAt, Math.max(span - before, span / 2));
  }
  const autoActionAt =
    args.autoActionAfterWorkingDays === undefined
      ? null
      : calendar.addWorkingTime(enteredAt, args.autoActionAfterWorkingDays * calendar.workingDayMs);
  return { dueSoonAt, autoActionAt };
}
