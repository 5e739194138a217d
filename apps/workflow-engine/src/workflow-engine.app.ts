import { workerStarter } from '@motcua/runtime';
import { WorkflowEngineModule } from './workflow-engine.module';

export const workflowEngine = workerStarter('workflow-engine', WorkflowEngineModule.forRoot, 'Workflow engine');
