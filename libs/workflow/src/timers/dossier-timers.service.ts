import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { getStep } from '@motcua/domain/workflow';
import { DossierEntity, DossierEventType, recordDossierChange, SYSTEM_ACTOR } from '@motcua/dossiers';
import { JobPayloads, QUEUES } from '@motcua/messaging';
import { DossierContextLoader } from '../engine/dossier-context.loader';
import { WorkflowCommandEntity } from '../workflow-command.entity';

/** Dossiers whose timers are due are found by this condition; each timer clears itself when it fires. */
const DUE_CONDITION = `finished_at IS NULL AND (
  (step_due_soon_at <= :now AND step_warned_at IS NULL AND step_overdue_at IS NULL)
  OR (step_due_at <= :now AND step_overdue_at IS NULL)
  OR (due_at <= :now AND overdue_at IS NULL AND paused_at IS NULL)
  OR (step_auto_action_at <= :now))`;

/** The instants (epoch ms) at which one of the dossier's timers is due. */
export function timerInstants(dossier: Pick<DossierEntity, 'stepDueSoonAt' | 'stepDueAt' | 'dueAt' | 'stepAutoActionAt'>): number[] {
  return [dossier.stepDueSoonAt, dossier.stepDueAt, dossier.dueAt, dossier.stepAutoActionAt].filter((at): at is Date => at !== null).map((at) => at.getTime());
}

/**
 * Deadlines live in PostgreSQL (step_due_at, due_at, …); delayed BullMQ jobs only wake the engine
 * at the right moment, and a periodic scan fires whatever a lost job missed. Firing checks the row
 * under its lock, so a timer for a step the dossier has left does nothing, and none fires twice.
 */
@Injectable()
export class DossierTimers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pinned: DossierContextLoader,
    @InjectQueue(QUEUES.workflowTimers) private readonly queue: Queue<JobPayloads['dossier-timer']>,
  ) {}

  /** Fires every due timer (up to `limit` dossiers); returns the ids of commands created by automatic actions. */
  async scan(now = new Date(), limit = 500): Promise<string[]> {
    const due = await this.dataSource
      .getRepository(DossierEntity)
      .createQueryBuilder('d')
      .select('d.id')
      .where(DUE_CONDITION.replace(/\b(step_|due_at|overdue_at|paused_at|finished_at)/g, 'd.$1'), { now })
      .limit(limit)
      .getMany();
    const commands: string[] = [];
    for (const { id } of due) commands.push(...(await this.fire(id, now)));
    return commands;
  }

  /** Raises what is due for one dossier; an automatic action becomes a stored SYSTEM command. */
  async fire(dossierId: string, now = new Date()): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.pinned.lockWithContext(manager, dossierId);
      if (!locked || locked.dossier.finishedAt) return [];
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
      return commands;
    });
  }

  /**
   * Queues a wake-up at each of the dossier's next deadlines (a job per instant; duplicates are
   * ignored), in one round trip to Redis. Instants in `unchanged` (those the dossier already had,
   * and so were queued before) are skipped: if their job was lost, the periodic scan fires them.
   */
  async schedule(dossier: DossierEntity, now = new Date(), unchanged: readonly number[] = []): Promise<void> {
    const instants = timerInstants(dossier).filter((at) => at > now.getTime() && !unchanged.includes(at));
    if (!instants.length) return;
    await this.queue.addBulk(
      instants.map((at) => ({
        name: 'dossier-timer' as const,
        data: { dossierId: dossier.id },
        opts: { delay: at - now.getTime(), jobId: `${dossier.id}-${at}`, removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
      })),
    );
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
