import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarService } from '@motcua/calendar';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { getStep } from '@motcua/domain/workflow';
import { DossierEntity, recordDossierChange, SYSTEM_ACTOR } from '@motcua/dossiers';
import { DossierContextLoader } from '../engine/dossier-context.loader';
import { explainDueDate, isRecomputable, marksAfterMove, recomputeDates } from './recomputed-dates';

/** The history and audit action of a deadline moved by a calendar change. */
export const RECOMPUTE_ACTION = 'recompute_due_date';
/** How many moved dossiers a report lists (the counts are always complete). */
export const REPORTED_DOSSIERS_LIMIT = 100;
/** Candidates read per query; each is then locked and updated in its own short transaction. */
const BATCH_SIZE = 200;

export interface RecomputeScope {
  /**
   * Civil dates (YYYY-MM-DD, in the calendar's zone) whose entry changed. Only dossiers whose clock
   * span, from acceptance to their latest deadline, covers one of them can move; without dates
   * every open dossier is examined (e.g. after a new announced calendar was seeded).
   */
  dates?: string[];
}

export interface MovedDossier {
  code: string;
  /** The due date before and after (ISO 8601). */
  from: string | null;
  to: string | null;
  /** The running step's deadline before and after. */
  stepFrom: string | null;
  stepTo: string | null;
}

export interface RecomputeReport {
  /** Open dossiers whose deadlines were recomputed (paused and extended ones are not examined). */
  examined: number;
  /** Those whose due date or step deadline changed. */
  moved: number;
  /** The first REPORTED_DOSSIERS_LIMIT moved dossiers. */
  dossiers: MovedDossier[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * Brings the stored deadlines of open dossiers in line with the current working calendar, after an
 * administrator changed it. Each dossier is locked (SELECT … FOR UPDATE) and updated in its own
 * short transaction, so officers' commands wait at most for one dossier, two replicas may run this
 * at once (the second finds the dates already right) and running it again moves nothing. A moved
 * date is a recorded change: history, hash-chained audit and a new version, so a command prepared
 * against the old dates is refused as stale.
 */
@Injectable()
export class DueDateRecomputer {
  private readonly logger = new Logger(DueDateRecomputer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly pinned: DossierContextLoader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * @param reason why the calendar changed, kept on every history row (e.g. "calendar 2026-06-10 set to day_off: …")
   * @param actorId the administrator who asked (the change itself is made by SYSTEM)
   */
  async recomputeOpenDossiers(reason: string, actorId: string | null, scope: RecomputeScope = {}): Promise<RecomputeReport> {
    const report: RecomputeReport = { examined: 0, moved: 0, dossiers: [] };
    let after: string | null = null;
    for (;;) {
      const ids = await this.candidates(after, scope);
      for (const id of ids) {
        const outcome = await this.recomputeOne(id, reason, actorId);
        if (outcome === 'skipped') continue;
        report.examined += 1;
        if (outcome === 'unchanged') continue;
        report.moved += 1;
        if (report.dossiers.length < REPORTED_DOSSIERS_LIMIT) report.dossiers.push(outcome);
      }
      if (ids.length < BATCH_SIZE) break;
      after = ids[ids.length - 1];
    }
    if (report.moved) this.logger.log({ reason, examined: report.examined, moved: report.moved }, 'due dates recomputed');
    return report;
  }

  /**
   * Open, running, not extended dossiers after `after` in id order. With dates: only those accepted
   * on or before the last changed date whose latest deadline is on or after the first one (a change
   * outside that span cannot move them). Read without locks; each is re-checked under its lock.
   */
  private async candidates(after: string | null, scope: RecomputeScope): Promise<string[]> {
    const dates = [...(scope.dates ?? [])].sort();
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM dossiers
        WHERE finished_at IS NULL AND received_at IS NOT NULL AND paused_at IS NULL AND extended_due_at IS NULL
          AND ($1::uuid IS NULL OR id > $1::uuid)
          AND ($2::date IS NULL OR (received_at AT TIME ZONE $4)::date <= $2::date)
          AND ($3::date IS NULL OR coalesce((greatest(due_at, step_due_at, step_auto_action_at) AT TIME ZONE $4)::date, 'infinity'::date) >= $3::date)
        ORDER BY id
        LIMIT $5`,
      [after, dates[dates.length - 1] ?? null, dates[0] ?? null, this.config.workingTime.timeZone, BATCH_SIZE],
    );
    return rows.map((row) => row.id);
  }

  private recomputeOne(id: string, reason: string, actorId: string | null): Promise<MovedDossier | 'unchanged' | 'skipped'> {
    return this.dataSource.transaction(async (manager) => {
      const dossier = await manager.findOne(DossierEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      // It may have finished, paused or been extended since it was listed.
      if (!dossier || !isRecomputable(dossier)) return 'skipped';
      // The calendar as it is now, read under the dossier's lock: two recomputations running at once
      // (an administrator's edit, a release's) leave each dossier as the later calendar says.
      const calendar = await this.calendars.calendar();
      const { procedure, workflow, context } = await this.pinned.load(manager, dossier);
      const next = recomputeDates(dossier, procedure.processingTime, getStep(workflow, dossier.step), calendar);
      if (!next.moved) return 'unchanged';

      const now = new Date();
      const moved: MovedDossier = {
        code: dossier.code,
        from: iso(dossier.dueAt),
        to: iso(next.deadlines.dueAt),
        stepFrom: iso(dossier.stepDueAt),
        stepTo: iso(next.deadlines.stepDueAt),
      };
      const previous = { status: dossier.status, step: dossier.step };
      Object.assign(dossier, next.deadlines, marksAfterMove(dossier, next.deadlines, now));
      dossier.version += 1;
      // Same status and step: the portal learns of the new dates by a due_date_changed event. The
      // engine's timer scan picks the new deadlines up from the row (no wake-up job is needed).
      await recordDossierChange(
        manager,
        dossier,
        {
          action: RECOMPUTE_ACTION,
          actor: SYSTEM_ACTOR,
          at: now,
          previous,
          note: reason,
          data: {
            reason,
            requestedBy: actorId,
            previousDueAt: moved.from,
            dueAt: moved.to,
            previousStepDueAt: moved.stepFrom,
            stepDueAt: moved.stepTo,
            explanation: explainDueDate(dossier, procedure.processingTime, calendar),
          },
          eventDetail: { previousDueAt: moved.from, previousStepDueAt: moved.stepFrom, stepDueAt: moved.stepTo, cause: RECOMPUTE_ACTION, reason },
        },
        context,
        // Only the appointment date is the applicant's and the portal's; a step's deadline is the office's.
        moved.from === moved.to ? [] : ['dossier.due_date_changed'],
      );
      return moved;
    });
  }
}
