import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transition } from './workflow.helpers';
import { parseWorkflowFile } from './workflow.parser';
import { endsProcessing, type DossierStatus } from '../status';
import type { ActionCode, Role, WorkflowDefinition } from './workflow.types';

/** The shipped definitions in config/workflows, parsed exactly as the engine will at start-up. */
const DIR = resolve(__dirname, '../../../../config/workflows');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

function load(fileName: string): WorkflowDefinition {
  return parseWorkflowFile(JSON.parse(readFileSync(join(DIR, fileName), 'utf8')), fileName);
}

const definitions = new Map(FILES.map((f) => [f.replace(/\.json$/, ''), load(f)]));
function def(code: string): WorkflowDefinition {
  const found = definitions.get(code);
  if (!found) throw new Error(`config/workflows/${code}.json is missing`);
  return found;
}

type Move = [ActionCode, Role];

/** Applies the moves from the initial step, failing with the step and move that were refused. */
function walk(definition: WorkflowDefinition, moves: Move[]): string[] {
  const visited = [definition.initialStep];
  for (const [action, role] of moves) {
    const from = visited[visited.length - 1];
    const result = transition(definition, from, action, role);
    if (!result.ok) throw new Error(`${definition.code}: ${role} cannot ${action} in ${from}: ${result.reason}`);
    visited.push(result.to.code);
  }
  return visited;
}

const TO_APPROVAL: Move[] = [
  ['accept', 'RECEPTIONIST'],
  ['assign', 'HEAD'],
  ['forward', 'SPECIALIST'],
  ['approve', 'HEAD'],
  ['approve', 'DIRECTOR'],
];
const ISSUE_AND_DELIVER: Move[] = [
  ['issue_result', 'SPECIALIST'],
  ['deliver', 'RECEPTIONIST'],
];
const HAPPY_PATHS: Record<string, Move[]> = {
  'bts-approval': [...TO_APPROVAL, ...ISSUE_AND_DELIVER],
  generic: [...TO_APPROVAL, ...ISSUE_AND_DELIVER],
  'bulletin-permit': [...TO_APPROVAL, ['request_payment', 'RECEPTIONIST'], ['record_payment', 'SYSTEM'], ...ISSUE_AND_DELIVER],
  'frequency-referral': [...TO_APPROVAL, ['refer_external', 'SPECIALIST'], ['record_external_result', 'SPECIALIST'], ...ISSUE_AND_DELIVER],
};

/** Steps before the leadership's approval, where the applicant may still withdraw. */
const BEFORE_APPROVAL = ['submitted', 'waiting_supplement', 'assignment', 'appraisal', 'waiting_supplement_appraisal', 'head_review', 'director_approval'];

describe('config/workflows', () => {
  it('holds the four definitions the catalogue refers to', () => {
    expect([...definitions.keys()]).toEqual(expect.arrayContaining(['bts-approval', 'bulletin-permit', 'frequency-referral', 'generic']));
  });

  it.each(FILES)('%s parses and is named after its code', (file) => {
    expect(`${load(file).code}.json`).toBe(file);
  });

  describe.each(Object.keys(HAPPY_PATHS))('%s', (code) => {
    it('reaches the delivered terminal step along the happy path, passing status 9 on the way', () => {
      const definition = def(code);
      const visited = walk(definition, HAPPY_PATHS[code]);
      const last = definition.steps.find((s) => s.code === visited[visited.length - 1]);
      expect(last).toMatchObject({ code: 'delivered', status: 10, terminal: true });
      const statuses = visited.map((c) => definition.steps.find((s) => s.code === c)?.status);
      expect(statuses.slice(0, 3)).toEqual([1, 2, 4]);
      expect(statuses.slice(-2)).toEqual([9, 10]);
    });

    it('returns a supplemented dossier to where the request was made', () => {
      const definition = def(code);
      expect(walk(definition, [['request_supplement', 'RECEPTIONIST'], ['supplement', 'CITIZEN']])).toEqual([
        'submitted', 'waiting_supplement', 'submitted',
      ]);
      expect(walk(definition, [['accept', 'RECEPTIONIST'], ['assign', 'HEAD'], ['request_supplement', 'SPECIALIST'], ['supplement', 'CITIZEN']]).slice(-3))
        .toEqual(['appraisal', 'waiting_supplement_appraisal', 'appraisal']);
    });

    it('pauses the clock while waiting for the applicant and closes unsupplemented dossiers automatically', () => {
      for (const waiting of ['waiting_supplement', 'waiting_supplement_appraisal']) {
        const step = def(code).steps.find((s) => s.code === waiting);
        expect(step).toMatchObject({ status: 5, clock: 'paused', editable: true });
        const auto = step?.escalation?.autoAction;
        expect(auto?.action).toBe('close_unsupplemented');
        expect(auto?.afterWorkingDays).toBeGreaterThan(0);
        const closed = transition(def(code), waiting, 'close_unsupplemented', 'SYSTEM');
        expect(closed.ok && closed.to.terminal).toBe(true);
      }
    });

    it('notifies the head of division when appraisal is overdue', () => {
      const appraisal = def(code).steps.find((s) => s.code === 'appraisal');
      expect(appraisal?.escalation?.onOverdue?.notifyRoles).toContain('HEAD');
      expect(appraisal?.escalation?.dueSoonBefore).toBeDefined();
    });

    it('lets the applicant withdraw until approval, and not after', () => {
      for (const step of def(code).steps) {
        const result = transition(def(code), step.code, 'withdraw', 'CITIZEN');
        if (BEFORE_APPROVAL.includes(step.code)) {
          expect(result.ok && result.to).toMatchObject({ code: 'withdrawn', status: 7, terminal: true });
        } else {
          expect(result).toEqual({ ok: false, reason: 'not_allowed_in_step' });
        }
      }
    });

    it('refuses at reception, stops with a reason, and extends in place once', () => {
      const definition = def(code);
      const refused = transition(definition, 'submitted', 'refuse', 'RECEPTIONIST');
      expect(refused.ok && refused.to).toMatchObject({ status: 3, terminal: true });
      const stopped = transition(definition, 'appraisal', 'stop', 'DIRECTOR');
      expect(stopped.ok && [stopped.to.status, stopped.action.requires]).toEqual([8, ['reason']]);
      const extended = transition(definition, 'appraisal', 'extend', 'HEAD');
      expect(extended.ok && extended.to.code).toBe('appraisal');
      expect(extended.ok && extended.action).toMatchObject({ requires: ['newDueDate', 'reason'], maxPerDossier: 1 });
    });

    it('asks for a rating once the result is ready or delivered', () => {
      for (const step of ['result_ready', 'delivered']) {
        const rated = transition(def(code), step, 'rate', 'CITIZEN');
        expect(rated.ok && rated.to.code).toBe(step);
      }
    });

    it('shares out at most the whole procedure time, and all of it', () => {
      const total = def(code).steps.reduce((sum, s) => sum + s.slaShare, 0);
      expect(total).toBeCloseTo(1, 9);
    });

    it('keeps the clock consistent with processing: stopped exactly when processing has ended', () => {
      for (const step of def(code).steps) {
        expect([step.code, step.clock === 'stopped']).toEqual([step.code, endsProcessing(step.status as DossierStatus)]);
      }
    });

    it('names every step and tells the applicant about it in Vietnamese', () => {
      // Vietnamese text carries diacritics; an ASCII-only text is an English or unaccented placeholder.
      const vietnamese = /[\u00C0-\u1EF9]/;
      for (const step of def(code).steps) {
        expect([step.code, vietnamese.test(step.name), vietnamese.test(step.publicText)]).toEqual([step.code, true, true]);
      }
    });
  });

  describe('frequency-referral', () => {
    it('waits for the Radio Frequency Authority on an external clock, then records its answer', () => {
      const definition = def('frequency-referral');
      const referred = transition(definition, 'referral_dispatch', 'refer_external', 'SPECIALIST');
      expect(referred.ok && referred.action.requires).toEqual(['externalAgency', 'documents']);
      const external = definition.steps.find((s) => s.code === 'external_review');
      expect(external).toMatchObject({ clock: 'external', slaShare: 0, timeLimit: { unit: 'working_days' } });
      expect(external?.name).toContain('Cục Tần số Vô tuyến điện');
      expect(external?.escalation?.onOverdue?.notifyRoles).toContain('HEAD');
      const answered = transition(definition, 'external_review', 'record_external_result', 'SYSTEM');
      expect(answered.ok && answered.to.code).toBe('result_issuing');
    });
  });

  describe('bulletin-permit', () => {
    it('requests the fee after approval and pauses the clock until it is paid', () => {
      const definition = def('bulletin-permit');
      expect(transition(definition, 'director_approval', 'approve', 'DIRECTOR')).toMatchObject({ ok: true, to: { code: 'payment_request' } });
      expect(definition.steps.find((s) => s.code === 'waiting_payment')).toMatchObject({ status: 6, clock: 'paused' });
      // The result cannot be issued before the payment is recorded.
      expect(transition(definition, 'payment_request', 'issue_result', 'SPECIALIST')).toEqual({ ok: false, reason: 'not_allowed_in_step' });
      const paid = transition(definition, 'waiting_payment', 'record_payment', 'RECEPTIONIST');
      expect(paid.ok && paid.to.code).toBe('result_issuing');
    });

    it('lets the desk waive the fee only with a written comment', () => {
      const waived = transition(def('bulletin-permit'), 'payment_request', 'forward', 'RECEPTIONIST');
      expect(waived.ok && [waived.to.code, waived.action.requires]).toEqual(['result_issuing', ['comment']]);
    });
  });

  describe('generic', () => {
    it('offers an optional fee request before issuing the result', () => {
      const definition = def('generic');
      expect(walk(definition, [...TO_APPROVAL, ['request_payment', 'SPECIALIST'], ['record_payment', 'SYSTEM'], ...ISSUE_AND_DELIVER]).slice(-1))
        .toEqual(['delivered']);
    });
  });
});
