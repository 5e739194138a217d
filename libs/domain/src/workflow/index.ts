// Public index of the workflow-definition model. Import from here, not from the files behind it.
export {
  ACTIONS,
  CLOCK_STATES,
  DURATION_UNITS,
  REQUIREMENTS,
  ROLES,
  STEP_SCOPES,
  type ActionCode,
  type ActionDefinition,
  type ClockState,
  type Duration,
  type DurationUnit,
  type PortalStatus,
  type Requirement,
  type Role,
  type StepDefinition,
  type StepEscalation,
  type StepScope,
  type WorkflowDefinition,
} from './workflow.types';
export {
  ACTION_ROLES,
  APPLICANT_WAIT_STATUSES,
  FINAL_STATUSES,
  IN_PLACE_ACTIONS,
  MAY_STAY_ACTIONS,
  RESULT_READY_STATUS,
  requiredClockFor,
} from './workflow.rules';
export { WORKFLOW_FILE_SCHEMA } from './workflow.schema';
export { WorkflowDefinitionError, parseWorkflowFile } from './workflow.parser';
export {
  availableActions,
  findStep,
  getStep,
  isActionCode,
  missingRequirements,
  transition,
  type TransitionRefusal,
  type TransitionResult,
} from './workflow.helpers';
