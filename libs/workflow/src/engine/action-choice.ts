import { ActionDefinition, Role, StepDefinition, transition, TransitionRefusal, WorkflowDefinition } from '@motcua/domain/workflow';
import { refusal } from './rejections';

/**
 * The transition a caller may take with one of their roles. A person with several roles acts in the
 * first role that allows the action; the refusal reported is the most specific one.
 */
export function chooseTransition(
  definition: WorkflowDefinition,
  step: string,
  action: string,
  roles: string[],
): { role: Role; to: StepDefinition; action: ActionDefinition } {
  let failure: TransitionRefusal = 'role_not_allowed';
  for (const role of roles) {
    const result = transition(definition, step, action, role as Role);
    if (result.ok) return { role: role as Role, to: result.to, action: result.action };
    failure = result.reason;
    if (result.reason !== 'role_not_allowed') break;
  }
  throw refusal(failure, action, step);
}
