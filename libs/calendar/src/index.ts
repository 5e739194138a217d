import { CalendarDayEntity } from './calendar-day.entity';

export { CalendarDayEntity };
export const CALENDAR_ENTITIES = [CalendarDayEntity];
export { CalendarModule } from './calendar.module';
export { CalendarService, CALENDAR_FINGERPRINT_SQL } from './calendar.service';
export { seedCalendar, seedYears } from './calendar-seed';
