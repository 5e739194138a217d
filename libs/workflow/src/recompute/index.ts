// Recomputing open dossiers' deadlines after the working calendar changed (DOMAIN.md "Public holidays").
export { DueDateRecomputer, RECOMPUTE_ACTION, REPORTED_DOSSIERS_LIMIT } from './due-date-recomputer';
export { CalendarRecomputeRunner } from './calendar-recompute-runner';
export type { MovedDossier, RecomputeReport, RecomputeScope } from './due-date-recomputer';
export { explainDueDate, isRecomputable, recomputeDates } from './recomputed-dates';
export type { DossierDates, RecomputedDates } from './recomputed-dates';
