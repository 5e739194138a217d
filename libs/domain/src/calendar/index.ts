// Public API of the working-time calendar (DOMAIN.md "The clock", "Public holidays").
export {
  CALENDAR_DAY_KINDS,
  DEFAULT_WORKING_TIME,
  DURATION_UNITS,
  type CalendarDay,
  type CalendarDayKind,
  type CalendarDaySource,
  type DueDateExplanation,
  type DueDateResult,
  type DurationUnit,
  type ExplanationRule,
  type Interval,
  type WorkingTimeSettings,
} from './calendar.types';
export { WorkingCalendar } from './working-calendar';
export { statutoryHolidays } from './statutory-holidays';
export { parseAnnouncedCalendar, seedCalendarDays } from './calendar-seed';
export { civilDateIn, toWallClock } from './zoned-time';
