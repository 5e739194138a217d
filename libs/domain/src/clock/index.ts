export { EMPTY_CLOCK, moveClock, dueDateOf, externalWorkingMs, stepDueDate } from './dossier-clock';
export type { ClockPause, DossierClock, ProcessingTimeLimit } from './dossier-clock';
