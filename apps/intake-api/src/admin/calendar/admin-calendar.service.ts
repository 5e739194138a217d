import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, EntityManager } from 'typeorm';
import { CalendarDayEntity } from '@motcua/calendar';
import type { CalendarDay, CalendarDayKind, CalendarDaySource } from '@motcua/domain/calendar';
import { notFoundProblem } from '@motcua/observability';
import { DueDateRecomputer, RecomputeReport } from '@motcua/workflow';
import type { AuthUser } from '../../auth/auth-user';
import { logAdminAction } from '../admin-action-log';
import { OfficialCalendar } from './official-calendar';

/** A date as the calendar now treats it, with the table entry behind it (all null: the weekly pattern). */
export interface CalendarDayView {
  date: string;
  working: boolean;
  kind: CalendarDayKind | null;
  reason: string | null;
  source: CalendarDaySource | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface CalendarChange {
  day: CalendarDayView;
  recomputed: RecomputeReport;
}

type Entry = Pick<CalendarDay, 'kind' | 'reason' | 'source'>;
const entryOf = (row: CalendarDayEntity | null): Entry | null => row && { kind: row.kind as CalendarDayKind, reason: row.reason, source: row.source as CalendarDaySource };

/** The reason kept on a row that cancels an official entry (Vietnamese, like the table's other reasons). */
function cancellationReason(official: CalendarDay, ordinary: CalendarDayKind): string {
  const what = ordinary === 'working_day' ? 'Ngày làm việc bình thường' : 'Ngày nghỉ hằng tuần';
  return `${what} (huỷ: ${official.reason})`.slice(0, 255);
}

/**
 * Administrators' edits of the calendar_days table. Every edit is committed with its audit row,
 * then the deadlines of open dossiers whose clock span covers the date are recomputed (after the
 * commit, so the recomputation sees the new table). An edit retried after a failure recomputes
 * again; recomputation is idempotent.
 *
 * Three operations, whose effect survives re-seeding (the seed never overwrites an admin row):
 * - set: an admin entry for the date (holiday, day off or make-up working day);
 * - remove: the date becomes an ordinary day of the weekly pattern. Where the seed has an official
 *   entry for it, that takes an admin row of the ordinary kind (working_day on a weekday, day_off on
 *   a weekend) so the next start-up does not bring the official entry back; otherwise the row goes.
 *   Removing an ordinary day again answers 404, so a retried DELETE changes nothing;
 * - restore: the admin entry goes and the official entry, if any, comes back.
 */
@Injectable()
export class AdminCalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly official: OfficialCalendar,
    private readonly recomputer: DueDateRecomputer,
  ) {}

  /** Every table entry of a year, with its source and who last changed it. */
  async days(year: number): Promise<CalendarDayView[]> {
    const rows = await this.dataSource.getRepository(CalendarDayEntity).find({
      where: { date: Between(`${year}-01-01`, `${year}-12-31`) },
      order: { date: 'ASC' },
    });
    return rows.map((row) => this.view(row.date, row));
  }

  async set(date: string, input: { kind: CalendarDayKind; reason: string }, admin: AuthUser): Promise<CalendarChange> {
    const row = await this.dataSource.transaction(async (manager) => {
      const before = await this.lockedRow(manager, date);
      const after = await this.write(manager, { date, ...input, source: 'admin', updatedBy: admin.id });
      await logAdminAction(manager, admin, { entityType: 'calendar_day', entityId: date, action: 'calendar_day_set', data: { before: entryOf(before), after: entryOf(after) } });
      return after;
    });
    return this.afterChange(date, row, `calendar ${date} set to ${input.kind} by an administrator: ${input.reason}`, admin);
  }

  async remove(date: string, admin: AuthUser): Promise<CalendarChange & { removed: Entry }> {
    const { row, removed } = await this.dataSource.transaction(async (manager) => {
      const before = await this.lockedRow(manager, date);
      const official = this.official.entry(date);
      const ordinary = this.official.ordinaryKind(date);
      const alreadyCancelled = before?.source === 'admin' && official !== undefined && before.kind === ordinary;
      if (!before || alreadyCancelled) {
        throw notFoundProblem('calendar_day', `${date} has no holiday, day off or make-up working day to remove: it follows the weekly pattern.`);
      }
      let after: CalendarDayEntity | null = null;
      if (official) {
        after = await this.write(manager, { date, kind: ordinary, reason: cancellationReason(official, ordinary), source: 'admin', updatedBy: admin.id });
      } else {
        await manager.delete(CalendarDayEntity, { date });
      }
      await logAdminAction(manager, admin, { entityType: 'calendar_day', entityId: date, action: 'calendar_day_removed', data: { before: entryOf(before), after: entryOf(after) } });
      return { row: after, removed: entryOf(before)! };
    });
    const now = this.official.isWorkingWeekday(date) ? 'an ordinary working day' : 'an ordinary rest day';
    const change = await this.afterChange(date, row, `calendar ${date} made ${now} by an administrator (was ${removed.kind}: ${removed.reason})`, admin);
    return { ...change, removed };
  }

  async restore(date: string, admin: AuthUser): Promise<CalendarChange> {
    const { row, official } = await this.dataSource.transaction(async (manager) => {
      const before = await this.lockedRow(manager, date);
      if (before?.source !== 'admin') {
        throw notFoundProblem('calendar_override', `${date} has no administrator's entry: it already follows the official calendar.`);
      }
      const official = this.official.entry(date);
      let after: CalendarDayEntity | null = null;
      if (official) after = await this.write(manager, { ...official, updatedBy: null });
      else await manager.delete(CalendarDayEntity, { date });
      await logAdminAction(manager, admin, { entityType: 'calendar_day', entityId: date, action: 'calendar_day_restored', data: { before: entryOf(before), after: entryOf(after) } });
      return { row: after, official };
    });
    const now = official ? `${official.kind} (${official.reason})` : 'an ordinary day';
    return this.afterChange(date, row, `calendar ${date} restored to the official calendar by an administrator: ${now}`, admin);
  }

  /** Every open dossier, e.g. after a new announced calendar was seeded or an interrupted edit. */
  recomputeAll(reason: string, admin: AuthUser): Promise<RecomputeReport> {
    return this.recomputer.recomputeOpenDossiers(reason, admin.id);
  }

  private async afterChange(date: string, row: CalendarDayEntity | null, reason: string, admin: AuthUser): Promise<CalendarChange> {
    const recomputed = await this.recomputer.recomputeOpenDossiers(reason, admin.id, { dates: [date] });
    return { day: this.view(date, row), recomputed };
  }

  private lockedRow(manager: EntityManager, date: string): Promise<CalendarDayEntity | null> {
    return manager.findOne(CalendarDayEntity, { where: { date }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Inserts or replaces the row of a date. updated_at comes from the statement's clock rather than
   * the transaction's start, so the calendar cache's fingerprint (count, latest change) moves past
   * any change committed meanwhile.
   */
  private async write(manager: EntityManager, row: CalendarDay & { updatedBy: string | null }): Promise<CalendarDayEntity> {
    await manager.query(
      `INSERT INTO calendar_days (date, kind, reason, source, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, clock_timestamp())
       ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, source = excluded.source,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [row.date, row.kind, row.reason, row.source, row.updatedBy],
    );
    return manager.findOneByOrFail(CalendarDayEntity, { date: row.date });
  }

  private view(date: string, row: CalendarDayEntity | null): CalendarDayView {
    return {
      date,
      working: row ? row.kind === 'working_day' : this.official.isWorkingWeekday(date),
      kind: (row?.kind as CalendarDayKind | undefined) ?? null,
      reason: row?.reason ?? null,
      source: (row?.source as CalendarDaySource | undefined) ?? null,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }
}
