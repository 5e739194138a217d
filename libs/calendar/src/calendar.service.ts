import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { CalendarDay, DueDateResult, DurationUnit, WorkingCalendar } from '@motcua/domain/calendar';
import { NamedStatement } from '@motcua/messaging';
import { CalendarDayEntity } from './calendar-day.entity';

function toDay(row: CalendarDayEntity): CalendarDay {
  return { date: row.date, kind: row.kind as CalendarDay['kind'], reason: row.reason, source: row.source as CalendarDay['source'] };
}

/**
 * What changes whenever the calendar does (row count, last change), as an SQL expression: a
 * statement that reads something else anyway can read it too (see CalendarService.calendar).
 */
export const CALENDAR_FINGERPRINT_SQL = `(SELECT count(*)::int || ':' || coalesce(max(updated_at)::text, '') FROM calendar_days)`;

/** Read before due-date computations: prepared once per connection. */
const FINGERPRINT = new NamedStatement<{ fingerprint: string }>('calendar_fingerprint', `SELECT ${CALENDAR_FINGERPRINT_SQL} AS fingerprint`);

/**
 * The working-time calendar built from the calendar_days table. The table is small, so it is kept
 * in memory and rebuilt when its fingerprint (row count, last change) moves, which also catches
 * edits made through another replica.
 */
@Injectable()
export class CalendarService {
  private cached?: { fingerprint: string; calendar: WorkingCalendar };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The calendar as it stands, or as it stood when `fingerprint` (CALENDAR_FINGERPRINT_SQL) was read. */
  async calendar(fingerprint?: string): Promise<WorkingCalendar> {
    fingerprint ??= (await FINGERPRINT.run(this.dataSource.manager, []))[0].fingerprint;
    if (this.cached?.fingerprint !== fingerprint) {
      const rows = await this.dataSource.getRepository(CalendarDayEntity).find();
      this.cached = { fingerprint, calendar: new WorkingCalendar(rows.map(toDay), this.config.workingTime) };
    }
    return this.cached.calendar;
  }

  async dueDate(start: Date, value: number, unit: DurationUnit): Promise<DueDateResult> {
    return (await this.calendar()).dueDate({ start, value, unit });
  }

  /**
   * The days of a year that differ from the weekly pattern, with their reasons. An administrator's
   * cancellation of an official day (a weekday stored as a working day, a weekend as a day off) is
   * just the weekly pattern again, so it is not listed.
   */
  async daysOfYear(year: number): Promise<CalendarDay[]> {
    const rows = await this.dataSource.getRepository(CalendarDayEntity).find({
      where: { date: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { date: 'ASC' },
    });
    const weekdays = new Set(this.config.workingTime.workingWeekdays);
    const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const pattern = (row: CalendarDayEntity) =>
      row.source === 'admin' && (row.kind === 'working_day') === weekdays.has(isoWeekday(row.date));
    return rows.filter((row) => !pattern(row)).map(toDay);
  }
}
