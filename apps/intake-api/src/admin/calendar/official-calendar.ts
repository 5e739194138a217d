import { Inject, Injectable } from '@nestjs/common';
import { seedYears } from '@motcua/calendar';
import { CONFIG_CATALOGUE, ConfigCatalogue } from '@motcua/catalogue';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { CalendarDay, seedCalendarDays } from '@motcua/domain/calendar';
import { isoWeekday } from './calendar-date.pipe';

/**
 * The official calendar: what the start-up seed writes into calendar_days for a date (the statutory
 * computation overridden by the announced notices in config/calendar), and the weekly pattern.
 * Administrators' rows are compared with it to know what removing or restoring a day means.
 */
@Injectable()
export class OfficialCalendar {
  private seeded?: { range: string; byDate: Map<string, CalendarDay> };

  constructor(
    @Inject(CONFIG_CATALOGUE) private readonly catalogue: ConfigCatalogue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The seeded entry for a date, if the seed has one (only the seeded years have any). */
  entry(date: string): CalendarDay | undefined {
    const years = seedYears();
    const range = `${years.from}-${years.to}`;
    if (this.seeded?.range !== range) {
      const days = seedCalendarDays(years.from, years.to, this.catalogue.announcedCalendar);
      this.seeded = { range, byDate: new Map(days.map((day) => [day.date, day])) };
    }
    return this.seeded.byDate.get(date);
  }

  /** Whether the weekly pattern alone makes the date a working day (Monday–Friday by default). */
  isWorkingWeekday(date: string): boolean {
    return this.config.workingTime.workingWeekdays.includes(isoWeekday(date));
  }

  /**
   * The kind of a row that makes a date behave exactly as the weekly pattern says: a working day on
   * a working weekday, a day off on a weekly rest day. Stored to cancel an official entry.
   */
  ordinaryKind(date: string): 'working_day' | 'day_off' {
    return this.isWorkingWeekday(date) ? 'working_day' : 'day_off';
  }
}
