import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { availableActions, findStep, getStep, isActionCode, missingRequirements, transition } from './workflow.helpers';
import { parseWorkflowFile } from './workflow.parser';
import type { ActionDefinition } from './workflow.types';

const generic = parseWorkflowFile(
  JSON.parse(readFileSync(resolve(__dirname, '../../../../config/workflows/generic.json'), 'utf8')),
  'generic.json',
);

const codes = (actions: ActionDefinition[]) => actions.map((a) => a.action);

describe('findStep / getStep', () => {
  it('finds a step by code', () => {
    expect(findStep(generic, 'appraisal')?.status).toBe(4);
    expect(getStep(generic, 'delivered').terminal).toBe(true);
  });

  it('answers undefined for an unknown step, while getStep fails loudly', () => {
    expect(findStep(generic, 'nowhere')).toBeUndefined();
    expect(() => getStep(generic, 'nowhere')).toThrow('Workflow generic v1 has no step "nowhere"');
  });
});

describe('isActionCode', () => {
  it('recognises the vocabulary only', () => {
    expect(isActionCode('accept')).toBe(true);
    expect(isActionCode('submit')).toBe(false);
    expect(isActionCode('ACCEPT')).toBe(false);
  });
});

describe('availableActions', () => {
  it.each([
    ['submitted', 'RECEPTIONIST', ['accept', 'refuse', 'request_supplement']],
    ['submitted', 'CITIZEN', ['withdraw']],
    ['submitted', 'SPECIALIST', []],
    ['waiting_supplement', 'CITIZEN', ['supplement', 'withdraw']],
    ['waiting_supplement', 'SYSTEM', ['close_unsupplemented']],
    ['assignment', 'HEAD', ['assign', 'extend', 'stop']],
    ['appraisal', 'SPECIALIST', ['forward', 'request_supplement']],
    ['appraisal', 'HEAD', ['assign', 'extend', 'stop']],
    ['head_review', 'HEAD', ['approve', 'return_for_rework', 'extend', 'stop']],
    ['director_approval', 'DIRECTOR', ['approve', 'return_for_rework', 'extend', 'stop']],
    ['result_issuing', 'SPECIALIST', ['issue_result', 'request_payment']],
    ['result_ready', 'RECEPTIONIST', ['deliver']],
    ['result_ready', 'CITIZEN', ['rate']],
    ['delivered', 'CITIZEN', ['rate']],
    ['delivered', 'RECEPTIONIST', []],
    ['appraisal', 'ADMIN', []],
  ] as const)('in %s, %s may %j', (step, role, expected) => {
    expect(codes(availableActions(generic, step, role))).toEqual(expected);
  });

  it('fails loudly for a step the definition does not have', () => {
    expect(() => availableActions(generic, 'nowhere', 'HEAD')).toThrow('no step "nowhere"');
  });
});

describe('transition', () => {
  it('leads to the target step and returns the action taken', () => {
    const result = transition(generic, 'submitted', 'accept', 'RECEPTIONIST');
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.to).toBe(getStep(generic, 'assignment'));
      expect(result.action.action).toBe('accept');
    }
  });

  it('keeps the dossier in place for in-place actions', () => {
    const result = transition(generic, 'head_review', 'extend', 'DIRECTOR');
    expect(result.ok && result.to.code).toBe('head_review');
  });

  it('refuses an action outside the vocabulary', () => {
    expect(transition(generic, 'submitted', 'submit', 'CITIZEN')).toEqual({ ok: false, reason: 'unknown_action' });
  });

  it('refuses an action the step does not offer, whoever asks', () => {
    expect(transition(generic, 'submitted', 'approve', 'DIRECTOR')).toEqual({ ok: false, reason: 'not_allowed_in_step' });
    expect(transition(generic, 'submitted', 'approve', 'CITIZEN')).toEqual({ ok: false, reason: 'not_allowed_in_step' });
    expect(transition(generic, 'delivered', 'withdraw', 'CITIZEN')).toEqual({ ok: false, reason: 'not_allowed_in_step' });
  });

  it('refuses a role the step action is not for', () => {
    expect(transition(generic, 'submitted', 'accept', 'CITIZEN')).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(transition(generic, 'appraisal', 'forward', 'HEAD')).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(transition(generic, 'waiting_supplement', 'close_unsupplemented', 'RECEPTIONIST')).toEqual({ ok: false, reason: 'role_not_allowed' });
  });

  it('fails loudly for a step the definition does not have', () => {
    expect(() => transition(generic, 'nowhere', 'accept', 'RECEPTIONIST')).toThrow('no step "nowhere"');
  });
});

describe('missingRequirements', () => {
  const action = (requires?: ActionDefinition['requires']): ActionDefinition => ({ action: 'extend', to: 'appraisal', roles: ['HEAD'], requires });

  it('needs nothing when the action requires nothing', () => {
    expect(missingRequirements(action(), {})).toEqual([]);
    expect(missingRequirements(action([]), {})).toEqual([]);
  });

  it('lists the missing requirements in definition order', () => {
    expect(missingRequirements(action(['newDueDate', 'reason']), {})).toEqual(['newDueDate', 'reason']);
    expect(missingRequirements(action(['newDueDate', 'reason']), { reason: 'Chờ ý kiến phối hợp' })).toEqual(['newDueDate']);
  });

  it('counts blank, empty and null values as missing', () => {
    const requires: ActionDefinition['requires'] = ['reason', 'missingItems', 'externalResult', 'assignee', 'paymentAmount'];
    expect(missingRequirements(action(requires), {
      reason: '   ',
      missingItems: [],
      externalResult: {},
      assignee: null,
      paymentAmount: Number.NaN,
    })).toEqual(requires);
  });

  it('accepts present values of any kind, including zero and false', () => {
    expect(missingRequirements(action(['reason', 'missingItems', 'externalResult', 'paymentAmount', 'rating']), {
      reason: 'Hồ sơ thiếu bản vẽ',
      missingItems: ['Bản vẽ thiết kế'],
      externalResult: { outcome: 'granted' },
      paymentAmount: 0,
      rating: false,
    })).toEqual([]);
  });

  it('uses the requirements of a shipped action', () => {
    const refuse = transition(generic, 'submitted', 'refuse', 'RECEPTIONIST');
    expect(refuse.ok && missingRequirements(refuse.action, { comment: 'x' })).toEqual(['reason']);
  });
});
