import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarRecomputeEntity } from './calendar-recompute.entity';

export { CalendarDayEntity, CalendarRecomputeEntity };
export const CALENDAR_ENTITIES = [CalendarDayEntity, CalendarRecomputeEntity];
export { CalendarModule } from './calendar.module';
export { CalendarService, CALENDAR_FINGERPRINT_SQL } from './calendar.service';
export { seedCalendar, seedYears } from './calendar-seed';
export type { CalendarSeedResult } from './calendar-seed';
