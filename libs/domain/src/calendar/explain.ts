// Wording of due-date explanations. Kept apart from the arithmetic so the rules stay readable.

import { pad2 } from './civil-date';
import type { DueDateExplanation, ExplanationRule } from './calendar.types';

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export function explain(rule: ExplanationRule, message: string, date?: string): DueDateExplanation {
  return date === undefined ? { rule, message } : { rule, message, date };
}

export function weekdayName(isoWeekday: number): string {
  return WEEKDAY_NAMES[isoWeekday];
}

/** 'Monday–Friday' for a run of days, otherwise 'Monday, Wednesday, Saturday'. */
export function weekdaysLabel(isoWeekdays: readonly number[]): string {
  const days = [...isoWeekdays].sort((a, b) => a - b);
  const isRun = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  return isRun ? `${weekdayName(days[0])}–${weekdayName(days[days.length - 1])}` : days.map(weekdayName).join(', ');
}

export function clockLabel(minutesOfDay: number): string {
  return `${pad2(Math.floor(minutesOfDay / 60))}:${pad2(minutesOfDay % 60)}`;
}

/** Working time as hours and minutes: '8h', '5h 30m', '45m'. */
export function formatWorkingDuration(ms: number): string {
  const totalMinutes = Math.round(ms / MINUTE_MS);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h ${minutes}m`;
}

/** Elapsed calendar time: '3 days 5h', '1 day', '2h 15m'. */
export function formatCalendarDuration(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const rest = ms - days * DAY_MS;
  const dayPart = days === 0 ? '' : `${days} ${days === 1 ? 'day' : 'days'}`;
  if (rest === 0 && days > 0) return dayPart;
  const timePart = formatWorkingDuration(rest);
  return dayPart ? `${dayPart} ${timePart}` : timePart;
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
