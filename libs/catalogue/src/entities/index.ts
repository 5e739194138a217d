import { ProcedureEntity } from './procedure.entity';
import { ProcedureVersionEntity } from './procedure-version.entity';
import { WorkflowVersionEntity } from './workflow-version.entity';

export { ProcedureEntity, ProcedureVersionEntity, WorkflowVersionEntity };
export const CATALOGUE_ENTITIES = [ProcedureEntity, ProcedureVersionEntity, WorkflowVersionEntity];
