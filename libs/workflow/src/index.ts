import { WorkflowCommandEntity } from './workflow-command.entity';

export { WorkflowCommandEntity };
export type { CommandStatus, CommandRejection } from './workflow-command.entity';
export const WORKFLOW_ENTITIES = [WorkflowCommandEntity];
export { WorkflowCommandBus, COMMAND_JOB_OPTIONS } from './commands/command-bus.service';
export type { WorkflowCommand } from './commands/command-bus.service';
export { PendingCommandSweeper } from './commands/pending-command-sweeper';
export { CommandApplier } from './engine/command-applier.service';
export { chooseTransition } from './engine/action-choice';
export { CommandRejected } from './engine/rejections';
export { WorkflowCommandsModule, WorkflowEngineCoreModule } from './workflow.module';
