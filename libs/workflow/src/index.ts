import { WorkflowCommandEntity } from './workflow-command.entity';

export { WorkflowCommandEntity };
export type { CommandStatus, CommandRejection } from './workflow-command.entity';
export const WORKFLOW_ENTITIES = [WorkflowCommandEntity];
export { WorkflowCommandBus, COMMAND_JOB_OPTIONS } from './commands/command-bus.service';
export type { WorkflowCommand } from './commands/command-bus.service';
export { PendingCommandSweeper } from './commands/pending-command-sweeper';
export { CommandApplier, enterStep } from './engine/command-applier.service';
export { DossierContextLoader } from './engine/dossier-context.loader';
export { EngineClock } from './engine/engine-clock';
export type { PinnedDossier } from './engine/dossier-context.loader';
export { DossierTimers } from './timers/dossier-timers.service';
export { TimerRunner, TIMER_SCAN_EVERY_MS } from './timers/timer-runner';
export { chooseTransition } from './engine/action-choice';
export { CommandRejected } from './engine/rejections';
export { WorkflowCommandsModule, WorkflowEngineCoreModule } from './workflow.module';
export * from './recompute';
export { DueDateRecomputeModule } from './workflow.module';
