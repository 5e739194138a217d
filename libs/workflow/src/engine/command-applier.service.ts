import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CalendarService } from '@motcua/calendar';
import { WorkingCalendar } from '@motcua/domain/calendar';
import { dueDateOf, DossierClock, moveClock, stepDueDate, stepTimers } from '@motcua/domain/clock';
import { DossierStatus, endsProcessing } from '@motcua/domain/status';
import { getStep, missingRequirements, StepDefinition } from '@motcua/domain/workflow';
import { DossierDocumentEntity, DossierEntity, DossierEventType, DossierHistoryEntity, recordDossierChange } from '@motcua/dossiers';
import { FileEntity } from '@motcua/files';
import { DivisionEntity, UserEntity } from '@motcua/identity';
import { DossierTimers, nextTimerInstant } from '../timers/dossier-timers.service';
import { WorkflowCommandEntity } from '../workflow-command.entity';
import { chooseTransition } from './action-choice';
import { appliedOutcome, lockCommand, lockCommandWithDossier, recordOutcome } from './command-rows';
import { DossierContextLoader, PinnedDossier } from './dossier-context.loader';
import { EngineClock } from './engine-clock';
import { CommandRejected, missing, reject } from './rejections';

interface Loaded extends PinnedDossier {
  dossier: DossierEntity;
  calendar: WorkingCalendar;
}

/** A command after the engine saw it; `dossier` is the dossier as it was left when this very call applied the command. */
export interface AppliedCommand {
  command: WorkflowCommandEntity;
  dossier?: DossierEntity;
}

/** Puts the dossier at the start of a step: its deadline, warning and automatic action times, marks cleared. */
export function enterStep(dossier: DossierEntity, step: StepDefinition, at: Date, calendar: WorkingCalendar): void {
  dossier.step = step.code;
  dossier.stepEnteredAt = at;
  dossier.stepDueAt = stepDueDate({
    calendar,
    enteredAt: at,
    clock: step.clock,
    slaShare: step.slaShare,
    timeLimit: step.timeLimit,
    dossierReceivedAt: dossier.receivedAt,
    dossierDueAt: dossier.dueAt,
  });
  const timers = stepTimers({
    calendar,
    enteredAt: at,
    stepDueAt: dossier.stepDueAt,
    dueSoonBefore: step.escalation?.dueSoonBefore,
    autoActionAfterWorkingDays: step.escalation?.autoAction?.afterWorkingDays,
  });
  dossier.stepDueSoonAt = timers.dueSoonAt;
  dossier.stepAutoActionAt = timers.autoActionAt;
  dossier.stepWarnedAt = null;
  dossier.stepOverdueAt = null;
}

const clockOf = (d: DossierEntity): DossierClock => ({
  receivedAt: d.receivedAt,
  pausedAt: d.pausedAt,
  pauseReason: d.pauseReason,
  pauses: d.pauses,
  extendedDueAt: d.extendedDueAt,
});

/**
 * Applies one stored workflow command under the dossier's row lock: checks the version, the step,
 * the role and the action's requirements, moves the dossier and its clock, and records history,
 * audit and events in the same transaction as the command's outcome. Applying the same command
 * again returns the stored outcome.
 */
@Injectable()
export class CommandApplier {
  private readonly logger = new Logger(CommandApplier.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly pinned: DossierContextLoader,
    private readonly timers: DossierTimers,
    private readonly clock: EngineClock,
  ) {}

  async apply(commandId: string): Promise<AppliedCommand> {
    let nextTimerBefore: number | undefined;
    const applied = await this.dataSource.transaction(async (manager): Promise<AppliedCommand> => {
      const locked = await lockCommandWithDossier(manager, commandId, this.pinned.lockedSelectList(manager));
      // Without its dossier the command is read alone, to be rejected.
      const command = locked?.command ?? (await lockCommand(manager, commandId));
      if (!command) throw new Error(`command ${commandId} does not exist`);
      if (command.status !== 'pending') return { command };
      try {
        if (!locked) throw reject(404, 'dossier_not_found', 'The dossier does not exist.');
        const calendar = await this.calendars.calendar(locked.calendarFingerprint);
        const found = await this.pinned.fromLockedRow(manager, locked.dossierRow);
        nextTimerBefore = nextTimerInstant(found.dossier, this.clock.now());
        // The outcome is written with the change, by the same statement.
        const dossier = await this.applyLocked(manager, command, { ...found, calendar });
        return { command, dossier };
      } catch (error) {
        if (!(error instanceof CommandRejected)) throw error;
        await recordOutcome(manager, command, 'rejected', error.rejection, this.clock.now());
        return { command };
      }
    });
    if (applied.dossier) await this.scheduleTimers(applied.dossier, nextTimerBefore);
    return applied;
  }

  /**
   * After commit, from the values just written, when the command changed the next deadline: a lost
   * wake-up only delays a timer until the next scan.
   */
  private async scheduleTimers(dossier: DossierEntity, queuedBefore: number | undefined): Promise<void> {
    await this.timers
      .schedule(dossier, this.clock.now(), queuedBefore)
      .catch((error) => this.logger.warn({ err: error, dossierId: dossier.id }, 'could not schedule timers'));
  }

  /** Returns the dossier as the command left it, the command marked applied (in the same statement as the change). */
  private async applyLocked(manager: EntityManager, command: WorkflowCommandEntity, loaded: Loaded): Promise<DossierEntity> {
    const { dossier } = loaded;
    if (command.expectedVersion !== null && command.expectedVersion !== dossier.version) {
      throw reject(409, 'version_conflict', `The dossier changed (version ${dossier.version}, expected ${command.expectedVersion}); reload it and try again.`);
    }
    const from = getStep(loaded.workflow, dossier.step);
    const choice = chooseTransition(loaded.workflow, dossier.step, command.action, [command.actor.role]);
    const lacking = missingRequirements(choice.action, command.payload);
    if (lacking.length) throw missing(lacking);
    if (choice.action.maxPerDossier !== undefined) {
      const taken = await manager.countBy(DossierHistoryEntity, { dossierId: dossier.id, action: command.action });
      if (taken >= choice.action.maxPerDossier) {
        throw reject(409, 'action_limit_reached', `The action "${command.action}" may be taken ${choice.action.maxPerDossier} time(s) per dossier.`);
      }
    }

    const now = this.clock.now();
    const extra: DossierEventType[] = [];
    const previous = { status: dossier.status, step: dossier.step };
    const previousDueAt = dossier.dueAt;
    const details = await this.applyActionEffects(manager, loaded, command, now);
    this.moveTo(loaded, from, choice.to, now);
    if (choice.to.status === DossierStatus.PROCESSED && previous.status !== DossierStatus.PROCESSED) extra.push('dossier.result_issued');
    // The promised date (the portal's NgayHenTra) moved: an apology's new date, or the paused time added back.
    const dueDateMoved = previousDueAt !== null && dossier.dueAt?.getTime() !== previousDueAt.getTime();
    if (dueDateMoved) extra.push('dossier.due_date_changed');
    dossier.version += 1;

    const outcome = appliedOutcome(command, dossier.version, now);
    await recordDossierChange(
      manager,
      dossier,
      {
        action: command.action,
        actor: command.actor,
        at: now,
        previous,
        toUnit: details.toUnit ?? null,
        toUserId: details.toUserId ?? null,
        result: choice.action.publicText ?? null,
        note: (command.payload.comment ?? command.payload.reason ?? null) as string | null,
        data: command.payload,
        commandId: command.commandId,
        correlationId: command.correlationId,
        eventDetail: dueDateMoved ? { previousDueAt: previousDueAt.toISOString(), cause: command.action } : undefined,
      },
      loaded.context,
      extra,
      outcome.write,
    );
    outcome.written();
    return dossier;
  }

  /** What an action does besides moving the dossier: facts checked here, not by the DTO. */
  private async applyActionEffects(
    manager: EntityManager,
    { dossier }: Loaded,
    command: WorkflowCommandEntity,
    now: Date,
  ): Promise<{ toUnit?: string; toUserId?: string }> {
    const payload = command.payload;
    switch (command.action) {
      case 'assign': {
        const assignee = await manager.findOneBy(UserEntity, { id: String(payload.assignee), active: true });
        if (!assignee || assignee.agencyId !== dossier.agencyId || !assignee.roles.includes('SPECIALIST') || (dossier.divisionId && assignee.divisionId !== dossier.divisionId)) {
          throw reject(422, 'validation_failed', 'The assignee must be an active specialist of the division handling the dossier.', [
            { field: 'assignee', message: 'not a specialist of this division' },
          ]);
        }
        dossier.assigneeId = assignee.id;
        const division = dossier.divisionId ? await manager.findOneBy(DivisionEntity, { id: dossier.divisionId }) : null;
        return { toUserId: assignee.id, toUnit: division?.code };
      }
      case 'request_supplement':
        dossier.supplementRequestCount += 1;
        return {};
      case 'supplement':
        await this.attachDocuments(manager, dossier, command, 'supplement', now);
        return {};
      case 'refer_external':
        await this.attachDocuments(manager, dossier, command, 'referral', now);
        return { toUnit: String(payload.externalAgency) };
      case 'extend': {
        const newDueDate = new Date(String(payload.newDueDate));
        if (!dossier.dueAt || now >= dossier.dueAt) {
          throw reject(409, 'extension_too_late', 'An apology with a new date must be issued before the due date passes.');
        }
        if (newDueDate <= dossier.dueAt) {
          throw reject(422, 'validation_failed', 'The new date must be later than the current due date.', [
            { field: 'newDueDate', message: `must be after ${dossier.dueAt.toISOString()}` },
          ]);
        }
        dossier.extendedAt = now;
        dossier.extendedDueAt = newDueDate;
        return {};
      }
      case 'issue_result': {
        const document = payload.resultDocument as { number?: string } | undefined;
        dossier.resultNumber = document?.number ?? null;
        return {};
      }
      default:
        return {};
    }
  }

  /** Files sent with an action (a supplement, the documents referred to another agency), owned by the actor. */
  private async attachDocuments(manager: EntityManager, dossier: DossierEntity, command: WorkflowCommandEntity, purpose: string, now: Date): Promise<void> {
    const documents = (command.payload.documents ?? []) as { code: string; fileId: string }[];
    if (!documents.length) return;
    const owned = await manager.findBy(FileEntity, { id: In(documents.map((d) => d.fileId)), ownerId: command.actor.userId ?? undefined });
    const ownedIds = new Set(owned.map((f) => f.id));
    const foreign = documents.findIndex((d) => !ownedIds.has(d.fileId));
    if (foreign >= 0) {
      throw reject(422, 'validation_failed', 'A document sent with the action is not among your uploads.', [
        { field: `documents[${foreign}].fileId`, message: 'no such file among your uploads' },
      ]);
    }
    await manager.insert(DossierDocumentEntity, documents.map((d) => ({ dossierId: dossier.id, documentCode: d.code, fileId: d.fileId, purpose })));
    await manager.update(FileEntity, { id: In([...ownedIds]) }, { attachedAt: now });
  }

  /** Moves the dossier to the target step: status, clock, deadlines, end of processing. */
  private moveTo(loaded: Loaded, from: StepDefinition, to: StepDefinition, now: Date): void {
    const { dossier, procedure, calendar } = loaded;
    const clock = moveClock(clockOf(dossier), from.clock, to.clock, now);
    dossier.receivedAt = clock.receivedAt;
    dossier.pausedAt = clock.pausedAt;
    dossier.pauseReason = clock.pauseReason;
    dossier.pauses = clock.pauses;
    // While paused the due date is unknown (it moves with the pause); it is recomputed on resuming.
    if (!clock.pausedAt) dossier.dueAt = dueDateOf(clock, procedure.processingTime, calendar);

    if (to.code !== dossier.step) enterStep(dossier, to, now, calendar);
    if (dossier.overdueAt && dossier.dueAt && dossier.dueAt > now) dossier.overdueAt = null;
    dossier.status = to.status;
    if (endsProcessing(to.status) && !dossier.finishedAt) dossier.finishedAt = now;
    if (to.status === DossierStatus.RETURNED && !dossier.returnedAt) dossier.returnedAt = now;
  }
}
