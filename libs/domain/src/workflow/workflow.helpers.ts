/**
 * Pure questions the engine and the API ask a parsed definition: where is the dossier, what may
 * this caller do now, where does an action lead, and is the payload complete enough to apply it.
 */
import { ACTIONS, type ActionCode, type ActionDefinition, type Requirement, type Role, type StepDefinition, type WorkflowDefinition } from './workflow.types';

/** Why an action cannot be taken; the API maps them to 422, 409 and 403 respectively. */
export type TransitionRefusal = 'unknown_action' | 'not_allowed_in_step' | 'role_not_allowed';

export type TransitionResult =
  | { ok: true; to: StepDefinition; action: ActionDefinition }
  | { ok: false; reason: TransitionRefusal };

export function findStep(def: WorkflowDefinition, code: string): StepDefinition | undefined {
  return def.steps.find((s) => s.code === code);
}

/**
 * A dossier's step comes from the database and its definition is pinned, so an unknown step means
 * corrupted data, not a user error: fail loudly (ARCHITECTURE.md principle 6).
 */
export function getStep(def: WorkflowDefinition, code: string): StepDefinition {
  const step = findStep(def, code);
  if (!step) throw new Error(`Workflow ${def.code} v${def.version} has no step "${code}"`);
  return step;
}

export function isActionCode(value: string): value is ActionCode {
  return (ACTIONS as readonly string[]).includes(value);
}

/** What `role` may do in the step now (GET /dossiers/{code}/actions), in definition order. */
export function availableActions(def: WorkflowDefinition, stepCode: string, role: Role): ActionDefinition[] {
  return getStep(def, stepCode).actions.filter((a) => a.roles.includes(role));
}

/**
 * Where `action` taken by `role` leads from `stepCode`. The order of the checks matters for the
 * answer: an action the step does not offer is a conflict (409) whoever asks; only an action the
 * step offers can be refused for the role (403).
 */
export function transition(def: WorkflowDefinition, stepCode: string, action: string, role: Role): TransitionResult {
  if (!isActionCode(action)) return { ok: false, reason: 'unknown_action' };
  const defined = getStep(def, stepCode).actions.find((a) => a.action === action);
  if (!defined) return { ok: false, reason: 'not_allowed_in_step' };
  if (!defined.roles.includes(role)) return { ok: false, reason: 'role_not_allowed' };
  return { ok: true, to: getStep(def, defined.to), action: defined };
}

/**
 * The requirements of `action` that the payload does not satisfy. This is a presence check only
 * (a non-blank string, a non-empty array or object, a finite number, a boolean): the request DTOs
 * check formats, and the engine checks facts such as "the assignee is a specialist of the division".
 */
export function missingRequirements(action: ActionDefinition, payload: Record<string, unknown>): Requirement[] {
  return (action.requires ?? []).filter((r) => !isPresent(payload[r]));
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
