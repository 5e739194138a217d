import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CalendarModule } from '@motcua/calendar';
import { QUEUES } from '@motcua/messaging';
import { WorkflowCommandBus } from './commands/command-bus.service';
import { PendingCommandSweeper } from './commands/pending-command-sweeper';
import { CommandApplier } from './engine/command-applier.service';

/** The API side: storing and queueing commands. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.workflowCommands })],
  providers: [WorkflowCommandBus],
  exports: [WorkflowCommandBus],
})
export class WorkflowCommandsModule {}

/** The engine side: applying commands and recovering lost ones. */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.workflowCommands }), CalendarModule],
  providers: [CommandApplier, PendingCommandSweeper],
  exports: [CommandApplier, PendingCommandSweeper],
})
export class WorkflowEngineCoreModule {}
