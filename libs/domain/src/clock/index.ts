export { EMPTY_CLOCK, DEFAULT_DUE_SOON_BEFORE, moveClock, dueDateOf, externalWorkingMs, stepDueDate, stepTimers } from './dossier-clock';
export type { ClockPause, DossierClock, ProcessingTimeLimit } from './dossier-clock';
