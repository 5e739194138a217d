import { WorkflowDefinitionError, parseWorkflowFile } from './workflow.parser';

/**
 * A small valid definition: submitted → appraisal → result_ready → delivered, or refused.
 * Each test breaks one thing and expects exactly the matching problem.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function mini(): Json {
  return {
    code: 'mini',
    version: 1,
    name: 'Quy trình thử',
    effectiveFrom: '2025-07-01',
    initialStep: 'submitted',
    steps: [
      {
        code: 'submitted', name: 'Tiếp nhận', status: 1, roles: ['RECEPTIONIST'], scope: 'agency', slaShare: 0,
        clock: 'not_started', publicText: 'Đã nộp', editable: true,
        actions: [
          { action: 'accept', to: 'appraisal', roles: ['RECEPTIONIST'] },
          { action: 'refuse', to: 'refused', roles: ['RECEPTIONIST'], requires: ['reason'] },
        ],
      },
      {
        code: 'appraisal', name: 'Thẩm định', status: 4, roles: ['SPECIALIST'], scope: 'division', slaShare: 0.6,
        clock: 'running', publicText: 'Đang thẩm định', editable: false,
        actions: [
          { action: 'issue_result', to: 'result_ready', roles: ['SPECIALIST'], requires: ['resultDocument'] },
          { action: 'extend', to: 'appraisal', roles: ['HEAD'], requires: ['newDueDate', 'reason'], maxPerDossier: 1 },
        ],
      },
      {
        code: 'result_ready', name: 'Chờ trả kết quả', status: 9, roles: ['RECEPTIONIST'], scope: 'agency', slaShare: 0,
        clock: 'stopped', publicText: 'Đã có kết quả', editable: false,
        actions: [
          { action: 'deliver', to: 'delivered', roles: ['RECEPTIONIST'], requires: ['deliveryRecord'] },
          { action: 'rate', to: 'result_ready', roles: ['CITIZEN'], requires: ['rating'] },
        ],
      },
      {
        code: 'delivered', name: 'Đã trả kết quả', status: 10, roles: [], scope: 'agency', slaShare: 0,
        clock: 'stopped', publicText: 'Đã trả', editable: false, terminal: true,
        actions: [{ action: 'rate', to: 'delivered', roles: ['CITIZEN'] }],
      },
      {
        code: 'refused', name: 'Từ chối', status: 3, roles: [], scope: 'agency', slaShare: 0,
        clock: 'stopped', publicText: 'Bị từ chối', editable: false, terminal: true, actions: [],
      },
    ],
  };
}

function step(def: Json, code: string): Json {
  return def.steps.find((s: Json) => s.code === code);
}

/** The problems the parser reports for `def`, or [] when it parses. */
function problemsOf(def: Json, fileName = 'mini.json'): readonly string[] {
  try {
    parseWorkflowFile(def, fileName);
    return [];
  } catch (error) {
    if (error instanceof WorkflowDefinitionError) return error.problems;
    throw error;
  }
}

function expectOnlyProblem(def: Json, ...fragments: string[]): void {
  const problems = problemsOf(def);
  expect(problems).toHaveLength(1);
  for (const fragment of fragments) expect(problems[0]).toContain(fragment);
}

describe('parseWorkflowFile', () => {
  describe('a valid definition', () => {
    it('parses and returns an equal, deeply frozen copy', () => {
      const input = mini();
      const def = parseWorkflowFile(input, 'mini.json');
      expect(def).toEqual(input);
      expect(def).not.toBe(input);
      expect(Object.isFrozen(def.steps[1].actions[0].roles)).toBe(true);
      expect(Object.isFrozen(input)).toBe(false);
    });

    it('accepts a versioned file name <code>.v<version>.json and a path', () => {
      expect(problemsOf(mini(), 'mini.v1.json')).toEqual([]);
      expect(problemsOf(mini(), '/srv/config/workflows/mini.json')).toEqual([]);
    });

    it('accepts shares summing exactly to 1 despite binary rounding', () => {
      const def = mini();
      def.steps.splice(2, 0, ...[0.1, 0.2].map((share, i) => ({
        ...step(def, 'appraisal'), code: `review_${i}`, slaShare: share,
        actions: [{ action: 'forward', to: i === 0 ? 'review_1' : 'appraisal', roles: ['SPECIALIST'] }],
      })));
      step(def, 'appraisal').slaShare = 0.7;
      step(def, 'submitted').actions[0].to = 'review_0';
      expect(problemsOf(def)).toEqual([]);
    });

    it('lets assign keep the dossier in its step (reassignment)', () => {
      const def = mini();
      step(def, 'appraisal').actions.push({ action: 'assign', to: 'appraisal', roles: ['HEAD'], requires: ['assignee'] });
      expect(problemsOf(def)).toEqual([]);
    });
  });

  describe('the error', () => {
    it('names the file and lists every problem, one per line', () => {
      const def = mini();
      step(def, 'appraisal').roles = ['SPECALIST'];
      step(def, 'appraisal').status = 11;
      step(def, 'submitted').actions[0].to = 'apraisal';
      let caught: unknown;
      try {
        parseWorkflowFile(def, 'mini.json');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(WorkflowDefinitionError);
      const error = caught as WorkflowDefinitionError;
      expect(error.fileName).toBe('mini.json');
      expect(error.message).toMatch(/^Invalid workflow definition mini\.json \(\d+ problems\):\n {2}- /);
      expect(error.problems).toEqual(expect.arrayContaining([
        expect.stringContaining('unknown role "SPECALIST"'),
        expect.stringContaining('status 11 is not a national portal status'),
        expect.stringContaining('target "apraisal" is not a step'),
        expect.stringContaining('step "appraisal" cannot be reached'),
      ]));
      for (const problem of error.problems) expect(error.message).toContain(problem);
    });
  });

  describe('shape (JSON Schema)', () => {
    it('rejects a value that is not an object', () => {
      expect(problemsOf(null)).toEqual(['(root): must be object']);
    });

    it('reports every missing or mistyped field with its path', () => {
      const def = mini();
      delete def.initialStep;
      def.version = '1';
      delete step(def, 'submitted').actions[0].to;
      expect(problemsOf(def)).toEqual(expect.arrayContaining([
        "(root): must have required property 'initialStep'",
        '/version: must be integer',
        "/steps/0/actions/0: must have required property 'to'",
      ]));
    });

    it('rejects unknown properties, which are usually typos', () => {
      const def = mini();
      step(def, 'appraisal').slashare = 0.5;
      expect(problemsOf(def)).toEqual(['/steps/1: unknown property "slashare": remove it or fix its spelling']);
    });

    it('lists the allowed values of an enumeration', () => {
      const def = mini();
      step(def, 'appraisal').clock = 'ticking';
      expect(problemsOf(def)[0]).toMatch(/^\/steps\/1\/clock: must be equal to one of the allowed values: "not_started", "running"/);
    });

    it('rejects shares outside 0..1 and a malformed date', () => {
      const def = mini();
      step(def, 'appraisal').slaShare = 1.5;
      def.effectiveFrom = '1/7/2025';
      expect(problemsOf(def)).toHaveLength(2);
    });

    it('does not run the semantic checks on a malformed file', () => {
      const def = mini();
      def.steps[0].roles = ['NOBODY'];
      def.extra = true;
      expect(problemsOf(def)).toEqual(['(root): unknown property "extra": remove it or fix its spelling']);
    });
  });

  describe('definition-level checks', () => {
    it('rejects a file name that does not match the code', () => {
      expect(problemsOf(mini(), 'other.json')).toEqual([
        'the file name "other.json" does not match the code "mini": name the file mini.json or mini.v1.json',
      ]);
    });

    it('rejects an effectiveFrom that is not a calendar date', () => {
      const def = mini();
      def.effectiveFrom = '2025-02-30';
      expectOnlyProblem(def, 'effectiveFrom "2025-02-30" is not a calendar date');
    });

    it('rejects an initialStep that is not a step', () => {
      const def = mini();
      def.initialStep = 'start';
      const problems = problemsOf(def);
      expect(problems).toContain('initialStep "start" is not a step: use one of "submitted", "appraisal", "result_ready", "delivered", "refused"');
    });

    it('rejects a terminal initialStep', () => {
      const def = mini();
      def.initialStep = 'refused';
      expect(problemsOf(def)).toContain('initialStep "refused" is terminal: start from a step where work happens');
    });

    it('rejects duplicate step codes', () => {
      const def = mini();
      def.steps.push({ ...step(def, 'refused') });
      expectOnlyProblem(def, 'step code "refused" is used by more than one step');
    });

    it('rejects a definition without a terminal step', () => {
      const def = mini();
      for (const s of def.steps) delete s.terminal;
      const problems = problemsOf(def);
      expect(problems).toContain('no step is terminal: mark the final steps (delivered, refused, withdrawn, stopped) with "terminal": true');
    });

    it('rejects an unreachable step', () => {
      const def = mini();
      def.steps.push({ ...step(def, 'refused'), code: 'withdrawn', status: 7 });
      expectOnlyProblem(def, 'step "withdrawn" cannot be reached from the initial step "submitted"');
    });

    it('rejects steps from which no terminal step can be reached', () => {
      const def = mini();
      def.steps.push({
        ...step(def, 'appraisal'), code: 'limbo', slaShare: 0,
        actions: [{ action: 'forward', to: 'appraisal_loop', roles: ['SPECIALIST'] }],
      }, {
        ...step(def, 'appraisal'), code: 'appraisal_loop', slaShare: 0,
        actions: [{ action: 'forward', to: 'limbo', roles: ['SPECIALIST'] }],
      });
      step(def, 'appraisal').actions.push({ action: 'forward', to: 'limbo', roles: ['SPECIALIST'] });
      expect(problemsOf(def)).toEqual([
        'no terminal step can be reached from step "limbo": dossiers there would never finish',
        'no terminal step can be reached from step "appraisal_loop": dossiers there would never finish',
      ]);
    });

    it('rejects slaShares summing over 1', () => {
      const def = mini();
      step(def, 'appraisal').slaShare = 0.7;
      def.steps.splice(2, 0, { ...step(def, 'appraisal'), code: 'review', slaShare: 0.4,
        actions: [{ action: 'forward', to: 'appraisal', roles: ['SPECIALIST'] }] });
      step(def, 'submitted').actions[0].to = 'review';
      expectOnlyProblem(def, 'the slaShare values sum to 1.1', 'at most 1');
    });
  });

  describe('step-level checks', () => {
    it.each([0, 11])('rejects status %i', (status) => {
      const def = mini();
      step(def, 'appraisal').status = status;
      expect(problemsOf(def)).toContain(`step "appraisal": status ${status} is not a national portal status: use a code from 1 to 10`);
    });

    it.each([4, 9])('rejects a terminal step whose status %i does not end processing', (status) => {
      const def = mini();
      Object.assign(step(def, 'delivered'), { status, clock: status === 9 ? 'stopped' : 'running' });
      expect(problemsOf(def)).toContain(
        `step "delivered" is terminal but its status ${status} does not end processing: use 3, 7, 8 or 10 (9 is followed by delivery)`,
      );
    });

    it('rejects a non-terminal step whose status ends processing', () => {
      const def = mini();
      step(def, 'refused').terminal = false;
      step(def, 'refused').actions = [{ action: 'rate', to: 'refused', roles: ['CITIZEN'] }];
      expect(problemsOf(def)).toContain('step "refused": status 3 ends processing, so the step must be "terminal": true');
    });

    it('rejects a terminal step with transitions to other steps, but allows in-place rating', () => {
      const def = mini();
      step(def, 'delivered').actions.push({ action: 'forward', to: 'appraisal', roles: ['RECEPTIONIST'] });
      expectOnlyProblem(def, 'step "delivered" is terminal but actions "forward" lead to other steps');
    });

    it('rejects a non-terminal step without actions', () => {
      const def = mini();
      step(def, 'result_ready').actions = [];
      step(def, 'result_ready').roles = [];
      step(def, 'appraisal').actions.push({ action: 'forward', to: 'delivered', roles: ['SPECIALIST'] });
      expectOnlyProblem(def, 'step "result_ready" is not terminal but has no actions');
    });

    it('rejects an unknown role in a step work-list', () => {
      const def = mini();
      step(def, 'appraisal').roles = ['SPECIALIST', 'CLERK'];
      expectOnlyProblem(def, 'step "appraisal": unknown role "CLERK": use one of "CITIZEN", "RECEPTIONIST"');
    });

    it('rejects a work-list role that may take none of the step actions', () => {
      const def = mini();
      step(def, 'appraisal').roles = ['SPECIALIST', 'ADMIN'];
      expectOnlyProblem(def, 'step "appraisal": role ADMIN works this step but may take none of its actions');
    });

    it('rejects a duplicate action in a step', () => {
      const def = mini();
      step(def, 'submitted').actions.push({ action: 'accept', to: 'refused', roles: ['RECEPTIONIST'] });
      expectOnlyProblem(def, 'step "submitted": action "accept" is defined more than once');
    });

    describe('clock and timing', () => {
      it.each([
        [5, 'running', 'status 5 requires clock "paused", not "running"'],
        [6, 'running', 'status 6 requires clock "paused", not "running"'],
        [9, 'running', 'status 9 requires clock "stopped", not "running"'],
        [1, 'running', 'status 1 requires clock "not_started", not "running"'],
      ])('rejects status %i with clock %s', (status, clock, message) => {
        const def = mini();
        Object.assign(step(def, 'appraisal'), { status, clock, slaShare: 0 });
        expect(problemsOf(def)).toContain(`step "appraisal": ${message}`);
      });

      it('rejects a stopped clock while processing goes on', () => {
        const def = mini();
        Object.assign(step(def, 'appraisal'), { clock: 'stopped', slaShare: 0 });
        expectOnlyProblem(def, 'clock "stopped" is only for steps whose status ends processing');
      });

      it('rejects a not_started clock after submission', () => {
        const def = mini();
        Object.assign(step(def, 'appraisal'), { clock: 'not_started', slaShare: 0 });
        expectOnlyProblem(def, 'clock "not_started" is only for the submitted status 1');
      });

      it('rejects a share of the time on a step whose clock does not run', () => {
        const def = mini();
        step(def, 'appraisal').clock = 'external';
        expectOnlyProblem(def, 'step "appraisal": slaShare must be 0 when the clock is "external"');
      });

      it('rejects a timeLimit on a step on the procedure clock', () => {
        const def = mini();
        step(def, 'appraisal').timeLimit = { value: 2, unit: 'working_days' };
        expectOnlyProblem(def, 'step "appraisal": timeLimit is for steps off the procedure clock');
      });
    });

    describe('escalation', () => {
      it('accepts due-soon and overdue rules on a step with a deadline', () => {
        const def = mini();
        step(def, 'appraisal').escalation = {
          dueSoonBefore: { value: 4, unit: 'working_hours' },
          onOverdue: { notifyRoles: ['HEAD'] },
        };
        expect(problemsOf(def)).toEqual([]);
      });

      it('rejects due-soon and overdue rules on a step without a deadline', () => {
        const def = mini();
        step(def, 'result_ready').escalation = { onOverdue: { notifyRoles: ['HEAD'] } };
        expectOnlyProblem(def, 'step "result_ready": escalation.dueSoonBefore/onOverdue need a step deadline');
      });

      it('rejects an unknown role to notify', () => {
        const def = mini();
        step(def, 'appraisal').escalation = { onOverdue: { notifyRoles: ['BOSS'] } };
        expectOnlyProblem(def, 'step "appraisal", escalation.onOverdue: unknown role "BOSS"');
      });

      it('rejects an automatic action the step does not offer to SYSTEM', () => {
        const def = mini();
        step(def, 'appraisal').escalation = { autoAction: { action: 'issue_result', afterWorkingDays: 5 } };
        expectOnlyProblem(def, 'escalation.autoAction "issue_result" must be an action of this step that the SYSTEM role may take');
      });

      it('rejects an empty escalation or a non-integer delay', () => {
        const def = mini();
        step(def, 'appraisal').escalation = {};
        step(def, 'submitted').escalation = { autoAction: { action: 'refuse', afterWorkingDays: 1.5 } };
        expect(problemsOf(def)).toEqual([
          '/steps/0/escalation/autoAction/afterWorkingDays: must be integer',
          '/steps/1/escalation: must NOT have fewer than 1 properties',
        ]);
      });
    });
  });

  describe('action-level checks', () => {
    it('rejects an unknown action code', () => {
      const def = mini();
      step(def, 'appraisal').actions.push({ action: 'sign', to: 'result_ready', roles: ['DIRECTOR'] });
      expectOnlyProblem(def, 'step "appraisal": unknown action "sign": use one of "supplement"');
    });

    it('rejects a target that is not a step', () => {
      const def = mini();
      step(def, 'appraisal').actions[0].to = 'done';
      const problems = problemsOf(def);
      expect(problems).toContain('step "appraisal", action "issue_result": target "done" is not a step: use one of "submitted", "appraisal", "result_ready", "delivered", "refused"');
    });

    it('rejects an unknown role on an action', () => {
      const def = mini();
      step(def, 'submitted').actions[0].roles = ['RECEPTIONIST', 'GUARD'];
      expectOnlyProblem(def, 'step "submitted", action "accept": unknown role "GUARD"');
    });

    it('rejects an unknown requirement', () => {
      const def = mini();
      step(def, 'submitted').actions[1].requires = ['reason', 'signature'];
      expectOnlyProblem(def, 'step "submitted", action "refuse": unknown requirement "signature": use one of "comment"');
    });

    it.each([
      ['accept', 'CITIZEN'],
      ['refuse', 'SPECIALIST'],
      ['approve', 'SPECIALIST'],
      ['close_unsupplemented', 'RECEPTIONIST'],
      ['forward', 'ADMIN'],
      ['forward', 'SYSTEM'],
    ])('rejects %s by %s', (action, role) => {
      const def = mini();
      step(def, 'appraisal').actions.push({ action, to: 'result_ready', roles: [role] });
      expect(problemsOf(def)).toContainEqual(
        expect.stringMatching(new RegExp(`^step "appraisal", action "${action}": role ${role} may not take this action: allowed roles are `)),
      );
    });

    it.each(['RECEPTIONIST', 'SPECIALIST', 'HEAD', 'DIRECTOR', 'SYSTEM'])(
      'reserves supplement, withdraw and rate to the applicant, not %s',
      (role) => {
        const def = mini();
        step(def, 'appraisal').actions.push(
          { action: 'supplement', to: 'result_ready', roles: [role] },
          { action: 'withdraw', to: 'refused', roles: [role] },
          { action: 'rate', to: 'appraisal', roles: [role] },
        );
        const problems = problemsOf(def);
        expect(problems).toHaveLength(3);
        for (const p of problems) expect(p).toContain(`role ${role} may not take this action: allowed roles are "CITIZEN"`);
      },
    );

    it('rejects an in-place action that moves the dossier', () => {
      const def = mini();
      step(def, 'appraisal').actions[1].to = 'result_ready';
      expectOnlyProblem(def, 'action "extend": "extend" records something without moving the dossier: set "to" to "appraisal"');
    });

    it('rejects a moving action that targets its own step', () => {
      const def = mini();
      step(def, 'appraisal').actions.push({ action: 'forward', to: 'appraisal', roles: ['SPECIALIST'] });
      expectOnlyProblem(def, 'action "forward": "forward" must move the dossier to another step, not back to "appraisal"');
    });
  });
});
