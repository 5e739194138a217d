import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NamedStatement, PeriodicSweeper } from '@motcua/messaging';
import { DueDateRecomputer } from './due-date-recomputer';

const CHECK_EVERY_MS = 60_000;
/** A claim older than this belongs to an engine that stopped mid-way: another one takes the work over. */
const CLAIM_LAPSES_AFTER_S = 15 * 60;

/** The oldest recomputation not done and not claimed by a live engine, claimed for this one. */
const CLAIM = new NamedStatement<{ id: string; dates: string[]; reason: string }>(
  'calendar_recompute_claim',
  `UPDATE calendar_recomputes SET claimed_at = now()
    WHERE id = (SELECT id FROM calendar_recomputes
                 WHERE done_at IS NULL AND (claimed_at IS NULL OR claimed_at < now() - make_interval(secs => $1))
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, dates::text[] AS dates, reason`,
);

/**
 * Carries out the recomputations that a change of the official calendar stored (a release with a
 * new government notice, see seedCalendar): at start-up and then every minute. Recomputing is
 * idempotent, so work taken over from a stopped engine is only checked again, never moved twice.
 */
@Injectable()
export class CalendarRecomputeRunner extends PeriodicSweeper {
  protected readonly everyMs = CHECK_EVERY_MS;
  protected readonly doneMessage = 'recomputed due dates after official calendar changes';
  protected override readonly sweepsAtStart = true;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recomputer: DueDateRecomputer,
  ) {
    super();
  }

  /** Carries out every pending recomputation; returns how many. */
  async sweep(): Promise<number> {
    let done = 0;
    for (;;) {
      const [claimed] = await CLAIM.run(this.dataSource.manager, [CLAIM_LAPSES_AFTER_S]);
      if (!claimed) return done;
      const report = await this.recomputer.recomputeOpenDossiers(claimed.reason, null, { dates: claimed.dates });
      await this.dataSource.query('UPDATE calendar_recomputes SET done_at = now() WHERE id = $1', [claimed.id]);
      this.logger.log({ dates: claimed.dates, examined: report.examined, moved: report.moved }, claimed.reason);
      done += 1;
    }
  }
}
