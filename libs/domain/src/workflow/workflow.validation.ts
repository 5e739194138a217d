/**
 * Semantic checks of a workflow definition that already has the right shape.
 *
 * Every check returns a list of problems instead of throwing, so that an author sees all that is
 * wrong with a file at once. Each message says where the problem is and what to change.
 */
import { endsProcessing, type DossierStatus } from '../status';
import { ACTION_ROLES, FINAL_STATUSES, IN_PLACE_ACTIONS, MAY_STAY_ACTIONS, requiredClockFor } from './workflow.rules';
import {
  ACTIONS,
  REQUIREMENTS,
  ROLES,
  type ActionCode,
  type ActionDefinition,
  type StepDefinition,
  type WorkflowDefinition,
} from './workflow.types';

/** Shares are decimals such as 0.1 + 0.2: allow for binary rounding when summing them. */
const SHARE_TOLERANCE = 1e-9;

export function validateWorkflowDefinition(def: WorkflowDefinition, fileName: string): string[] {
  return [
    ...checkFileName(def, fileName),
    ...checkEffectiveFrom(def),
    ...checkUniqueStepCodes(def),
    ...checkInitialStep(def),
    ...def.steps.flatMap((step) => checkStep(def, step)),
    ...checkTerminalExists(def),
    ...checkReachability(def),
    ...checkSlaShares(def),
  ];
}

// ---------------------------------------------------------------------------------------------
// Definition-level checks

/** `<code>.json`, or `<code>.v<version>.json` once several versions of a workflow are kept. */
function checkFileName(def: WorkflowDefinition, fileName: string): string[] {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const accepted = [`${def.code}.json`, `${def.code}.v${def.version}.json`];
  return accepted.includes(base)
    ? []
    : [`the file name "${base}" does not match the code "${def.code}": name the file ${accepted.join(' or ')}`];
}

function checkEffectiveFrom(def: WorkflowDefinition): string[] {
  const date = new Date(`${def.effectiveFrom}T00:00:00Z`);
  const real = !Number.isNaN(date.getTime()) && date.toISOString().startsWith(def.effectiveFrom);
  return real ? [] : [`effectiveFrom "${def.effectiveFrom}" is not a calendar date: use YYYY-MM-DD`];
}

function checkUniqueStepCodes(def: WorkflowDefinition): string[] {
  return duplicates(def.steps.map((s) => s.code)).map(
    (code) => `step code "${code}" is used by more than one step: give each step its own code`,
  );
}

function checkInitialStep(def: WorkflowDefinition): string[] {
  const initial = def.steps.find((s) => s.code === def.initialStep);
  if (!initial) {
    return [`initialStep "${def.initialStep}" is not a step: use one of ${list(stepCodes(def))}`];
  }
  return initial.terminal ? [`initialStep "${def.initialStep}" is terminal: start from a step where work happens`] : [];
}

function checkTerminalExists(def: WorkflowDefinition): string[] {
  return def.steps.some((s) => s.terminal)
    ? []
    : ['no step is terminal: mark the final steps (delivered, refused, withdrawn, stopped) with "terminal": true'];
}

/**
 * Every step must be reachable from the initial step (else it is dead data), and from every
 * reachable step some terminal step must be reachable (else dossiers could be stuck forever).
 */
function checkReachability(def: WorkflowDefinition): string[] {
  if (!def.steps.some((s) => s.code === def.initialStep)) return []; // reported by checkInitialStep
  const reachable = reachableFrom(def, [def.initialStep], (s) => s.actions.map((a) => a.to));
  const problems = def.steps
    .filter((s) => !reachable.has(s.code))
    .map((s) => `step "${s.code}" cannot be reached from the initial step "${def.initialStep}": add an action leading to it, or remove it`);

  const terminals = def.steps.filter((s) => s.terminal).map((s) => s.code);
  if (terminals.length === 0) return problems; // reported by checkTerminalExists
  const canFinish = reachableFrom(def, terminals, (s) => predecessors(def, s.code));
  for (const s of def.steps) {
    // A step without actions is a dead end already reported by checkTerminal.
    if (reachable.has(s.code) && !canFinish.has(s.code) && s.actions.length > 0) {
      problems.push(`no terminal step can be reached from step "${s.code}": dossiers there would never finish`);
    }
  }
  return problems;
}

function checkSlaShares(def: WorkflowDefinition): string[] {
  const total = def.steps.reduce((sum, s) => sum + s.slaShare, 0);
  return total > 1 + SHARE_TOLERANCE
    ? [`the slaShare values sum to ${round(total)}: they are fractions of the procedure's time and must sum to at most 1`]
    : [];
}

// ---------------------------------------------------------------------------------------------
// Step-level checks

function checkStep(def: WorkflowDefinition, step: StepDefinition): string[] {
  const where = `step "${step.code}"`;
  return [
    ...checkStatus(step, where),
    ...checkClock(step, where),
    ...checkTiming(step, where),
    ...checkTerminal(step, where),
    ...checkStepRoles(step, where),
    ...checkDuplicateActions(step, where),
    ...checkEscalation(step, where),
    ...step.actions.flatMap((a) => checkAction(def, step, a)),
  ];
}

function checkStatus(step: StepDefinition, where: string): string[] {
  return step.status >= 1 && step.status <= 10
    ? []
    : [`${where}: status ${step.status} is not a national portal status: use a code from 1 to 10`];
}

/** The portal status and the clock must tell the same story, or the on-time index would be wrong. */
function checkClock(step: StepDefinition, where: string): string[] {
  const problems: string[] = [];
  const expected = requiredClockFor(step.status);
  if (expected && step.clock !== expected) {
    problems.push(`${where}: status ${step.status} requires clock "${expected}", not "${step.clock}"`);
  }
  if (step.clock === 'stopped' && !endsProcessing(step.status as DossierStatus)) {
    problems.push(`${where}: clock "stopped" is only for steps whose status ends processing (3, 7, 8, 9, 10)`);
  }
  if (step.clock === 'not_started' && step.status !== 1) {
    problems.push(`${where}: clock "not_started" is only for the submitted status 1, before acceptance`);
  }
  return problems;
}

/** A step's deadline comes from its share of the procedure time, or, off that clock, its own limit. */
function checkTiming(step: StepDefinition, where: string): string[] {
  const problems: string[] = [];
  if (step.slaShare > 0 && step.clock !== 'running') {
    problems.push(`${where}: slaShare must be 0 when the clock is "${step.clock}": only running time is shared out`);
  }
  if (step.timeLimit && (step.clock === 'running' || step.clock === 'stopped')) {
    problems.push(`${where}: timeLimit is for steps off the procedure clock (not_started, paused, external); use slaShare instead`);
  }
  return problems;
}

function checkTerminal(step: StepDefinition, where: string): string[] {
  if (step.terminal) {
    const problems: string[] = [];
    if (!FINAL_STATUSES.has(step.status)) {
      problems.push(`${where} is terminal but its status ${step.status} does not end processing: use 3, 7, 8 or 10 (9 is followed by delivery)`);
    }
    const leaving = step.actions.filter((a) => a.to !== step.code);
    if (leaving.length > 0) {
      problems.push(`${where} is terminal but actions ${list(leaving.map((a) => a.action))} lead to other steps: remove them or make the step non-terminal`);
    }
    return problems;
  }
  const problems: string[] = [];
  if (FINAL_STATUSES.has(step.status)) {
    problems.push(`${where}: status ${step.status} ends processing, so the step must be "terminal": true`);
  }
  if (step.actions.length === 0) {
    problems.push(`${where} is not terminal but has no actions: add actions or mark it "terminal": true`);
  }
  return problems;
}

/** Work-list roles must be known, and each must have something it can do in the step. */
function checkStepRoles(step: StepDefinition, where: string): string[] {
  return step.roles.flatMap((role) => {
    if (!isRole(role)) return [unknownRole(where, role)];
    const canAct = step.actions.some((a) => a.roles.includes(role));
    return canAct ? [] : [`${where}: role ${role} works this step but may take none of its actions: give it an action or remove it from roles`];
  });
}

/** Two actions with the same code would make `transition` ambiguous. */
function checkDuplicateActions(step: StepDefinition, where: string): string[] {
  return duplicates(step.actions.map((a) => a.action)).map(
    (action) => `${where}: action "${action}" is defined more than once: keep one per step`,
  );
}

function checkEscalation(step: StepDefinition, where: string): string[] {
  const esc = step.escalation;
  if (!esc) return [];
  const problems: string[] = [];
  const hasDeadline = step.slaShare > 0 || step.timeLimit !== undefined;
  if ((esc.dueSoonBefore || esc.onOverdue) && !hasDeadline) {
    problems.push(`${where}: escalation.dueSoonBefore/onOverdue need a step deadline: give the step a slaShare > 0 or a timeLimit`);
  }
  for (const role of esc.onOverdue?.notifyRoles ?? []) {
    if (!isRole(role)) problems.push(unknownRole(`${where}, escalation.onOverdue`, role));
  }
  if (esc.autoAction) {
    const own = step.actions.find((a) => a.action === esc.autoAction?.action);
    if (!own || !own.roles.includes('SYSTEM')) {
      problems.push(`${where}: escalation.autoAction "${esc.autoAction.action}" must be an action of this step that the SYSTEM role may take`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Action-level checks

function checkAction(def: WorkflowDefinition, step: StepDefinition, a: ActionDefinition): string[] {
  const where = `step "${step.code}", action "${a.action}"`;
  if (!isAction(a.action)) {
    return [`step "${step.code}": unknown action "${a.action}": use one of ${list(ACTIONS)}`];
  }
  return [
    ...checkTarget(def, step, a, where),
    ...checkActionRoles(a, where),
    ...checkRequirements(a, where),
  ];
}

function checkTarget(def: WorkflowDefinition, step: StepDefinition, a: ActionDefinition, where: string): string[] {
  if (!def.steps.some((s) => s.code === a.to)) {
    return [`${where}: target "${a.to}" is not a step: use one of ${list(stepCodes(def))}`];
  }
  const inPlace = IN_PLACE_ACTIONS.has(a.action);
  if (inPlace && a.to !== step.code) {
    return [`${where}: "${a.action}" records something without moving the dossier: set "to" to "${step.code}"`];
  }
  if (!inPlace && !MAY_STAY_ACTIONS.has(a.action) && a.to === step.code) {
    return [`${where}: "${a.action}" must move the dossier to another step, not back to "${step.code}"`];
  }
  return [];
}

function checkActionRoles(a: ActionDefinition, where: string): string[] {
  const allowed = ACTION_ROLES[a.action as ActionCode];
  return a.roles.flatMap((role) => {
    if (!isRole(role)) return [unknownRole(where, role)];
    return allowed.includes(role) ? [] : [`${where}: role ${role} may not take this action: allowed roles are ${list(allowed)}`];
  });
}

function checkRequirements(a: ActionDefinition, where: string): string[] {
  return (a.requires ?? [])
    .filter((r) => !(REQUIREMENTS as readonly string[]).includes(r))
    .map((r) => `${where}: unknown requirement "${r}": use one of ${list(REQUIREMENTS)}`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function isRole(value: string): boolean {
  return (ROLES as readonly string[]).includes(value);
}

function isAction(value: string): boolean {
  return (ACTIONS as readonly string[]).includes(value);
}

function unknownRole(where: string, role: string): string {
  return `${where}: unknown role "${role}": use one of ${list(ROLES)}`;
}

function stepCodes(def: WorkflowDefinition): string[] {
  return def.steps.map((s) => s.code);
}

function predecessors(def: WorkflowDefinition, code: string): string[] {
  return def.steps.filter((s) => s.actions.some((a) => a.to === code)).map((s) => s.code);
}

/** Breadth-first search over step codes, following `next` from each visited step. */
function reachableFrom(
  def: WorkflowDefinition,
  start: string[],
  next: (step: StepDefinition) => string[],
): Set<string> {
  const byCode = new Map(def.steps.map((s) => [s.code, s]));
  const seen = new Set(start);
  const queue = [...start];
  while (queue.length > 0) {
    const step = byCode.get(queue.shift() as string);
    for (const code of step ? next(step) : []) {
      if (!seen.has(code) && byCode.has(code)) {
        seen.add(code);
        queue.push(code);
      }
    }
  }
  return seen;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const v of values) (seen.has(v) ? repeated : seen).add(v);
  return [...repeated];
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
