import { ProcessedCommandEntity } from './processed-command.entity';

export { ProcessedCommandEntity };
export const WORKFLOW_ENTITIES = [ProcessedCommandEntity];
