import { EntityManager, In, Not } from 'typeorm';
import { CalendarDay, seedCalendarDays } from '@motcua/domain/calendar';
import { CalendarDayEntity } from './calendar-day.entity';
import { CalendarRecomputeEntity } from './calendar-recompute.entity';

export interface CalendarSeedResult {
  /** Rows the seed wrote. */
  days: number;
  /** Dates of an already seeded calendar whose kind the seed changed (added, removed or turned), ascending. */
  changedDates: string[];
}

/** The computed calendar covers 2024 to a few years ahead, so due dates never run off the table. */
export function seedYears(today = new Date()): { from: number; to: number } {
  return { from: 2024, to: Math.max(2030, today.getUTCFullYear() + 3) };
}

/**
 * Writes the statutory and announced days into calendar_days. Rows an admin edited are left
 * alone; seeded rows that the seed no longer produces (an announcement moved a day) are removed.
 * When this changes a calendar that was already seeded, it also stores a recomputation of the open
 * dossiers' due dates for the changed days, in the same transaction (the workflow engine does it).
 */
export async function seedCalendar(manager: EntityManager, announced: CalendarDay[], years = seedYears()): Promise<CalendarSeedResult> {
  const days = seedCalendarDays(years.from, years.to, announced);
  const existing = await manager.find(CalendarDayEntity, { select: { date: true, kind: true, source: true } });
  const adminDates = new Set(existing.filter((d) => d.source === 'admin').map((d) => d.date));
  const before = new Map(existing.filter((d) => d.source !== 'admin').map((d) => [d.date, d.kind]));
  const seeded = days.filter((day) => !adminDates.has(day.date));
  const after = new Map(seeded.map((d) => [d.date, d.kind]));
  // A first seed has no dossier counted on an earlier calendar to move.
  const changedDates = before.size ? [...new Set([...before.keys(), ...after.keys()])].filter((date) => before.get(date) !== after.get(date)).sort() : [];

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
  if (changedDates.length) {
    const listed = changedDates.length > 8 ? `${changedDates.slice(0, 8).join(', ')} and ${changedDates.length - 8} more` : changedDates.join(', ');
    await manager.insert(CalendarRecomputeEntity, { dates: changedDates, reason: `official calendar updated: ${listed}` });
  }
  return { days: seeded.length, changedDates };
}
