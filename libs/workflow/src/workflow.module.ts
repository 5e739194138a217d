import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CalendarModule } from '@motcua/calendar';
import { QUEUES } from '@motcua/messaging';
import { WorkflowCommandBus } from './commands/command-bus.service';
import { CommandCompletions } from './commands/command-completions';
import { PendingCommandSweeper } from './commands/pending-command-sweeper';
import { CommandApplier } from './engine/command-applier.service';
import { DossierContextLoader } from './engine/dossier-context.loader';
import { EngineClock } from './engine/engine-clock';
import { CalendarRecomputeRunner } from './recompute/calendar-recompute-runner';
import { DueDateRecomputer } from './recompute/due-date-recomputer';
import { DossierTimers } from './timers/dossier-timers.service';
import { TimerRunner } from './timers/timer-runner';

/** The API side: storing and queueing commands. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.workflowCommands })],
  providers: [WorkflowCommandBus, CommandCompletions],
  exports: [WorkflowCommandBus],
})
export class WorkflowCommandsModule {}

/** The engine side: applying commands, recovering lost ones, firing timers, following official calendar changes. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.workflowCommands }, { name: QUEUES.workflowTimers }), CalendarModule],
  providers: [CommandApplier, PendingCommandSweeper, DossierContextLoader, DossierTimers, TimerRunner, EngineClock, DueDateRecomputer, CalendarRecomputeRunner],
  exports: [CommandApplier, PendingCommandSweeper, DossierTimers, TimerRunner, EngineClock, CalendarRecomputeRunner],
})
export class WorkflowEngineCoreModule {}

/** Recomputing open dossiers' deadlines after a calendar change (used by the API's admin routes). */
@Module({ imports: [CalendarModule], providers: [DueDateRecomputer, DossierContextLoader], exports: [DueDateRecomputer] })
export class DueDateRecomputeModule {}
