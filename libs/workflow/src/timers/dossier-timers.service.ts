import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { getStep } from '@motcua/domain/workflow';
import { DossierEntity, DossierEventType, recordDossierChange, SYSTEM_ACTOR } from '@motcua/dossiers';
import { JobPayloads, QUEUES, withTimeout } from '@motcua/messaging';
import { DossierContextLoader } from '../engine/dossier-context.loader';
import { WorkflowCommandEntity } from '../workflow-command.entity';

/** Dossiers whose timers are due are found by this condition; each timer clears itself when it fires. */
const DUE_CONDITION = `finished_at IS NULL AND (
  (step_due_soon_at <= :now AND step_warned_at IS NULL AND step_overdue_at IS NULL)
  OR (step_due_at <= :now AND step_overdue_at IS NULL)
  OR (due_at <= :now AND overdue_at IS NULL AND paused_at IS NULL)
  OR (step_auto_action_at <= :now))`;

/** How long queueing wake-ups may wait for Redis. */
const QUEUE_TIMEOUT_MS = 2_000;

/** The instants (epoch ms) at which one of the dossier's timers is due. */
export function timerInstants(dossier: TimedDossier): number[] {
  return [dossier.stepDueSoonAt, dossier.stepDueAt, dossier.dueAt, dossier.stepAutoActionAt].filter((at): at is Date => at !== null).map((at) => at.getTime());
}

/** The first of the dossier's timer instants after `now`, if any: the one a wake-up job is queued for. */
export function nextTimerInstant(dossier: TimedDossier, now: Date): number | undefined {
  const later = timerInstants(dossier).filter((at) => at > now.getTime());
  return later.length ? Math.min(...later) : undefined;
}

type TimedDossier = Pick<DossierEntity, 'stepDueSoonAt' | 'stepDueAt' | 'dueAt' | 'stepAutoActionAt'>;

/**
 * Deadlines live in PostgreSQL (step_due_at, due_at, …); a delayed BullMQ job wakes the engine at
 * a dossier's next deadline only, and firing queues the one after, so a change queues at most one
 * job. A periodic scan fires whatever a lost job missed. Firing checks the row under its lock, so a
 * timer for a step the dossier has left does nothing, and none fires twice.
 */
@Injectable()
export class DossierTimers {
  private readonly logger = new Logger(DossierTimers.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pinned: DossierContextLoader,
    @InjectQueue(QUEUES.workflowTimers) private readonly queue: Queue<JobPayloads['dossier-timer']>,
  ) {}

  /**
   * Fires every due timer (up to `limit` dossiers); returns the ids of commands created by automatic
   * actions. The next wake-ups are queued together at the end, so that without Redis the scan still
   * fires every dossier and waits for Redis once.
   */
  async scan(now = new Date(), limit = 500): Promise<string[]> {
    const due = await this.dataSource
      .getRepository(DossierEntity)
      .createQueryBuilder('d')
      .select('d.id')
      .where(DUE_CONDITION.replace(/\b(step_|due_at|overdue_at|paused_at|finished_at)/g, 'd.$1'), { now })
      .limit(limit)
      .getMany();
    const commands: string[] = [];
    const fired: DossierEntity[] = [];
    try {
      for (const { id } of due) {
        // One dossier that cannot be fired (e.g. a lock timeout) must not hold up the others.
        const raised = await this.raiseDue(id, now).catch((error: unknown) => {
          this.logger.warn({ err: error, dossierId: id }, 'could not fire the timers of a dossier; the next scan tries again');
          return { commands: [] as string[], dossier: undefined };
        });
        commands.push(...raised.commands);
        if (raised.dossier) fired.push(raised.dossier);
      }
    } finally {
      await this.scheduleQuietly(fired, now);
    }
    return commands;
  }

  /**
   * Raises what is due for one dossier and queues its next wake-up; an automatic action becomes a
   * stored SYSTEM command, whose id is returned.
   */
  async fire(dossierId: string, now = new Date()): Promise<string[]> {
    const { commands, dossier } = await this.raiseDue(dossierId, now);
    if (dossier) await this.scheduleQuietly([dossier], now);
    return commands;
  }

  private raiseDue(dossierId: string, now: Date): Promise<{ commands: string[]; dossier?: DossierEntity }> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.pinned.lockWithContext(manager, dossierId);
      if (!locked || locked.dossier.finishedAt) return { commands: [] };
      const { dossier, context } = locked;
      const step = getStep(context.workflow, dossier.step);
      const raise = async (action: string, event: DossierEventType, detail: Record<string, unknown>) =>
        recordDossierChange(
          manager,
          dossier,
          { action, actor: SYSTEM_ACTOR, at: now, previous: { status: dossier.status, step: dossier.step }, data: detail, eventDetail: detail },
          context,
          [event],
        );

      if (dossier.stepDueAt && dossier.stepDueAt <= now && !dossier.stepOverdueAt) {
        dossier.stepOverdueAt = now;
        dossier.stepWarnedAt ??= now;
        await raise('step_overdue', 'dossier.overdue', {
          scope: 'step',
          step: step.code,
          deadline: dossier.stepDueAt.toISOString(),
          notifyRoles: step.escalation?.onOverdue?.notifyRoles ?? step.roles,
        });
      } else if (dossier.stepDueSoonAt && dossier.stepDueSoonAt <= now && !dossier.stepWarnedAt) {
        dossier.stepWarnedAt = now;
        await raise('step_due_soon', 'dossier.due_soon', { scope: 'step', step: step.code, deadline: dossier.stepDueAt?.toISOString() ?? null, notifyRoles: step.roles });
      }
      if (dossier.dueAt && dossier.dueAt <= now && !dossier.overdueAt && !dossier.pausedAt) {
        dossier.overdueAt = now;
        await raise('dossier_overdue', 'dossier.overdue', { scope: 'dossier', deadline: dossier.dueAt.toISOString(), notifyRoles: ['HEAD', 'DIRECTOR'] });
      }
      const commands: string[] = [];
      if (dossier.stepAutoActionAt && dossier.stepAutoActionAt <= now) {
        dossier.stepAutoActionAt = null;
        await manager.save(DossierEntity, dossier);
        const autoAction = step.escalation?.autoAction;
        if (autoAction) commands.push(await this.storeSystemCommand(manager, dossier, autoAction.action));
      }
      return { commands, dossier };
    });
  }

  /**
   * Queues a wake-up at the dossier's next deadline, unless it is `queuedBefore` (the next deadline
   * it had before a change, whose job is already queued). Duplicate job ids are ignored.
   */
  async schedule(dossier: DossierEntity, now = new Date(), queuedBefore?: number): Promise<void> {
    const at = nextTimerInstant(dossier, now);
    if (at !== undefined && at !== queuedBefore) await this.queueWakeUps([{ dossierId: dossier.id, at }], now);
  }

  /** Queues the next wake-up of each dossier; if Redis does not take them in time, the periodic scan stands in. */
  private async scheduleQuietly(dossiers: DossierEntity[], now: Date): Promise<void> {
    const wakeUps = dossiers.flatMap((dossier) => {
      const at = nextTimerInstant(dossier, now);
      return at === undefined ? [] : [{ dossierId: dossier.id, at }];
    });
    await this.queueWakeUps(wakeUps, now).catch((error) => this.logger.warn({ err: error, dossiers: wakeUps.length }, 'could not queue the next wake-ups'));
  }

  /** In one round trip, bounded: while Redis is away a BullMQ call would wait for its return. */
  private async queueWakeUps(wakeUps: { dossierId: string; at: number }[], now: Date): Promise<void> {
    if (!wakeUps.length) return;
    const jobs = wakeUps.map(({ dossierId, at }) => ({
      name: 'dossier-timer' as const,
      data: { dossierId },
      opts: { delay: at - now.getTime(), jobId: `${dossierId}-${at}`, removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    }));
    // One job needs no MULTI: add is a single script call, the common case of a command.
    const queued: Promise<unknown> = jobs.length === 1 ? this.queue.add(jobs[0].name, jobs[0].data, jobs[0].opts) : this.queue.addBulk(jobs);
    await withTimeout(queued, QUEUE_TIMEOUT_MS, 'queueing wake-ups');
  }

  private async storeSystemCommand(manager: EntityManager, dossier: DossierEntity, action: string): Promise<string> {
    const commandId = randomUUID();
    await manager.insert(WorkflowCommandEntity, {
      commandId,
      dossierId: dossier.id,
      action,
      actor: SYSTEM_ACTOR,
      payload: { reason: 'automatic action at the end of the waiting time' } as never,
      expectedVersion: dossier.version,
    });
    return commandId;
  }
}
