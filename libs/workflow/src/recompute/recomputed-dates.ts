import type { DueDateExplanation, WorkingCalendar } from '@motcua/domain/calendar';
import { dueDateOf, DossierClock, ProcessingTimeLimit, stepDueDate, stepTimers } from '@motcua/domain/clock';
import type { StepDefinition } from '@motcua/domain/workflow';
import type { DossierEntity } from '@motcua/dossiers';

/** The deadline columns a calendar change can move. */
export type DossierDeadlines = Pick<DossierEntity, 'dueAt' | 'stepDueAt' | 'stepDueSoonAt' | 'stepAutoActionAt'>;

/** The columns the deadlines are computed from, and the deadlines themselves as stored. */
export type DossierDates = DossierDeadlines &
  Pick<DossierEntity, 'receivedAt' | 'pausedAt' | 'pauseReason' | 'pauses' | 'extendedDueAt' | 'finishedAt' | 'stepEnteredAt'>;

/** The "already raised" marks of the timers; a deadline moved into the future lowers them again. */
export type DossierTimerMarks = Pick<DossierEntity, 'overdueAt' | 'stepOverdueAt' | 'stepWarnedAt'>;

export interface RecomputedDates {
  deadlines: DossierDeadlines;
  /** Whether any deadline differs from the stored one. */
  moved: boolean;
}

/**
 * Whether a calendar change may move this dossier's stored deadlines now.
 * - not accepted yet, or finished: there is no running deadline;
 * - paused (supplementation, external referral): the due date is unknown while the clock stands
 *   and the engine recomputes it, with the calendar of that moment, when the clock runs again;
 * - extended: the date promised in the apology (form 04) stands whatever the calendar says, and the
 *   step deadlines under it were set against that promise.
 */
export function isRecomputable(dossier: DossierDates): boolean {
  return dossier.receivedAt !== null && dossier.finishedAt === null && dossier.pausedAt === null && dossier.extendedDueAt === null;
}

const clockOf = (d: DossierDates): DossierClock => ({
  receivedAt: d.receivedAt,
  pausedAt: d.pausedAt,
  pauseReason: d.pauseReason,
  pauses: d.pauses,
  extendedDueAt: d.extendedDueAt,
});

const sameInstant = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

const storedDeadlines = (d: DossierDates): DossierDeadlines => ({
  dueAt: d.dueAt,
  stepDueAt: d.stepDueAt,
  stepDueSoonAt: d.stepDueSoonAt,
  stepAutoActionAt: d.stepAutoActionAt,
});

/**
 * The deadlines the engine would store for this dossier had it computed them with `calendar`:
 * the same rules as entering its step (dueDateOf, stepDueDate, stepTimers), so a recomputation with
 * an unchanged calendar reproduces the stored dates and moves nothing. Step deadlines are only
 * recomputed for a running step (other steps keep what entering them set), and an automatic
 * action that already fired (its time cleared) is not brought back.
 */
export function recomputeDates(dossier: DossierDates, limit: ProcessingTimeLimit, step: StepDefinition, calendar: WorkingCalendar): RecomputedDates {
  const stored = storedDeadlines(dossier);
  if (!isRecomputable(dossier)) return { deadlines: stored, moved: false };
  const next: DossierDeadlines = { ...stored, dueAt: dueDateOf(clockOf(dossier), limit, calendar) };
  if (step.clock === 'running' && dossier.stepEnteredAt) {
    next.stepDueAt = stepDueDate({
      calendar,
      enteredAt: dossier.stepEnteredAt,
      clock: step.clock,
      slaShare: step.slaShare,
      timeLimit: step.timeLimit,
      dossierReceivedAt: dossier.receivedAt,
      dossierDueAt: next.dueAt,
    });
    const timers = stepTimers({
      calendar,
      enteredAt: dossier.stepEnteredAt,
      stepDueAt: next.stepDueAt,
      dueSoonBefore: step.escalation?.dueSoonBefore,
      autoActionAfterWorkingDays: step.escalation?.autoAction?.afterWorkingDays,
    });
    next.stepDueSoonAt = timers.dueSoonAt;
    if (stored.stepAutoActionAt) next.stepAutoActionAt = timers.autoActionAt;
  }
  const moved = (Object.keys(next) as (keyof DossierDeadlines)[]).some((key) => !sameInstant(next[key], stored[key]));
  return { deadlines: next, moved };
}

/**
 * The timer marks after deadlines moved: a warning or an overdue raised for a deadline that is
 * now in the future is lowered, so it is raised again when the new deadline comes (the same rule
 * as the engine's when an action moves the due date later).
 */
export function marksAfterMove(marks: DossierTimerMarks, deadlines: DossierDeadlines, now: Date): DossierTimerMarks {
  const future = (at: Date | null) => at !== null && at > now;
  return {
    overdueAt: marks.overdueAt && future(deadlines.dueAt) ? null : marks.overdueAt,
    stepOverdueAt: marks.stepOverdueAt && future(deadlines.stepDueAt) ? null : marks.stepOverdueAt,
    stepWarnedAt: marks.stepWarnedAt && future(deadlines.stepDueSoonAt) ? null : marks.stepWarnedAt,
  };
}

/**
 * The calendar's reasoning behind a recomputed due date (which holiday, day off or make-up day
 * counted), kept on the history row so an officer can see why the date moved.
 */
export function explainDueDate(dossier: DossierDates, limit: ProcessingTimeLimit, calendar: WorkingCalendar): DueDateExplanation[] {
  if (!dossier.receivedAt) return [];
  const pauses = dossier.pauses.map((p) => ({ start: new Date(p.start), end: new Date(p.end) }));
  return calendar.dueDate({ start: dossier.receivedAt, value: limit.value, unit: limit.unit, pauses }).explanation;
}
