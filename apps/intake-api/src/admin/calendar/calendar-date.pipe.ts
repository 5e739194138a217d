import { Injectable, PipeTransform } from '@nestjs/common';
import { validationProblem } from '@motcua/observability';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The calendar an administrator may edit; wider than the seeded years, narrow enough to catch typos. */
export const EDITABLE_YEARS = { from: 2000, to: 2100 } as const;

/** Checks a {date} path parameter: YYYY-MM-DD, a real date (no 30 February), 2000–2100. Otherwise 422 on `date`. */
@Injectable()
export class CalendarDatePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const refuse = (message: string) => validationProblem([{ field: 'date', message }]);
    const match = DATE.exec(value);
    if (!match) throw refuse('date must be a YYYY-MM-DD date, e.g. 2026-09-01');
    const [year, month, day] = match.slice(1).map(Number);
    const parsed = new Date(Date.UTC(year, month - 1, day));
    if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) {
      throw refuse(`${value} is not a date in the calendar`);
    }
    if (year < EDITABLE_YEARS.from || year > EDITABLE_YEARS.to) {
      throw refuse(`date must be between ${EDITABLE_YEARS.from} and ${EDITABLE_YEARS.to}`);
    }
    return value;
  }
}

/** ISO weekday of a checked YYYY-MM-DD date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}
