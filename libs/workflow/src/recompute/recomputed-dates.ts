import type { DueDateExplanation, WorkingCalendar } from '@motcua/domain/calendar';
import { dueDateOf, DossierClock, ProcessingTimeLimit, stepDueDate } from '@motcua/domain/clock';
import type { StepDefinition } from '@motcua/domain/workflow';
import type { DossierEntity } from '@motcua/dossiers';

/** The columns of a dossier that its deadlines are computed from and stored in. */
export type DossierDates = Pick<
  DossierEntity,
  'receivedAt' | 'pausedAt' | 'pauseReason' | 'pauses' | 'extendedDueAt' | 'finishedAt' | 'dueAt' | 'stepDueAt' | 'stepEnteredAt'
>;

export interface RecomputedDates {
  dueAt: Date | null;
  stepDueAt: Date | null;
  /** Whether either date differs from the stored one. */
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

/**
 * The deadlines the engine would store for this dossier if it computed them with `calendar`:
 * the same rules as entering a step (dueDateOf, stepDueDate), so a recomputation with an
 * unchanged calendar reproduces the stored dates and moves nothing. The step deadline is only
 * recomputed for a running step; other steps keep what entering them set.
 */
export function recomputeDates(dossier: DossierDates, limit: ProcessingTimeLimit, step: StepDefinition, calendar: WorkingCalendar): RecomputedDates {
  if (!isRecomputable(dossier)) return { dueAt: dossier.dueAt, stepDueAt: dossier.stepDueAt, moved: false };
  const dueAt = dueDateOf(clockOf(dossier), limit, calendar);
  const stepDueAt =
    step.clock === 'running' && dossier.stepEnteredAt
      ? stepDueDate({
          calendar,
          enteredAt: dossier.stepEnteredAt,
          clock: step.clock,
          slaShare: step.slaShare,
          timeLimit: step.timeLimit,
          dossierReceivedAt: dossier.receivedAt,
          dossierDueAt: dueAt,
        })
      : dossier.stepDueAt;
  return { dueAt, stepDueAt, moved: !sameInstant(dueAt, dossier.dueAt) || !sameInstant(stepDueAt, dossier.stepDueAt) };
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
