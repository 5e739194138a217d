import { EntityManager, In, Not } from 'typeorm';
import { CalendarDay, seedCalendarDays } from '@motcua/domain/calendar';
import { CalendarDayEntity } from './calendar-day.entity';

/** The computed calendar covers 2024 to a few years ahead, so due dates never run off the table. */
export function seedYears(today = new Date()): { from: number; to: number } {
  return { from: 2024, to: Math.max(2030, today.getUTCFullYear() + 3) };
}

/**
 * Writes the statutory and announced days into calendar_days. Rows an admin edited are left
 * alone; seeded rows that the seed no longer produces (an announcement moved a day) are removed.
 */
export async function seedCalendar(manager: EntityManager, announced: CalendarDay[], years = seedYears()): Promise<number> {
  const days = seedCalendarDays(years.from, years.to, announced);
  const adminDates = new Set(
    (await manager.find(CalendarDayEntity, { where: { source: 'admin' }, select: { date: true } })).map((d) => d.date),
  );
  const seeded = days.filter((day) => !adminDates.has(day.date));
  await manager.delete(CalendarDayEntity, {
    source: Not('admin'),
    ...(seeded.length ? { date: Not(In(seeded.map((d) => d.date))) } : {}),
  });
  if (seeded.length) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(CalendarDayEntity)
      .values(seeded.map((d) => ({ date: d.date, kind: d.kind, reason: d.reason, source: d.source })))
      .orUpdate(['kind', 'reason', 'source'], ['date'])
      .execute();
  }
  return seeded.length;
}
