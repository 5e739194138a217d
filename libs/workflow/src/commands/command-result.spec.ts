import { DossierEntity } from '@motcua/dossiers';
import type { WorkflowCommandEntity } from '../workflow-command.entity';
import { commandJobResult, dossierAfterCommand, DossierState, isCommandJobResult } from './command-result';

function dossier(overrides: Partial<DossierEntity> = {}): DossierEntity {
  return Object.assign(new DossierEntity(), {
    id: 'd-1',
    code: '000.00.14.H23-251103-0001',
    agencyId: 'agency-1',
    divisionId: 'division-1',
    applicantUserId: 'citizen-1',
    applicant: { fullName: 'Lý Thị Hoa', idNumber: '001190000001', phone: '0912345678', type: 1 },
    fields: { stationCode: 'HNI-BD-0412' },
    status: 1,
    step: 'submitted',
    version: 1,
    receivedAt: null,
    dueAt: null,
    ...overrides,
  });
}

const command = (status: WorkflowCommandEntity['status'], outcome: WorkflowCommandEntity['outcome']) => ({ status, outcome }) as WorkflowCommandEntity;

function stateOf(after: DossierEntity): DossierState {
  const { applicant: _applicant, fields: _fields, ...state } = after;
  return state;
}

describe('the answer to a command job', () => {
  it('carries the outcome and the dossier as the command left it, without what the applicant submitted', () => {
    const after = dossier({ status: 2, step: 'assignment', version: 2, receivedAt: new Date('2025-11-03T02:00:00Z') });
    const result = commandJobResult({ command: command('applied', { version: 2 }), dossier: after });

    expect(result).toMatchObject({ status: 'applied', outcome: { version: 2 }, dossier: { id: 'd-1', status: 2, step: 'assignment', version: 2 } });
    expect(result.dossier).not.toHaveProperty('applicant');
    expect(result.dossier).not.toHaveProperty('fields');
    expect(after.fields).toEqual({ stationCode: 'HNI-BD-0412' }); // the engine's copy is left whole
  });

  it('carries no dossier for a rejected command or one processed before', () => {
    const rejection = { status: 409, code: 'action_not_allowed', detail: 'not in this step' };
    expect(commandJobResult({ command: command('rejected', rejection) })).toEqual({ status: 'rejected', outcome: rejection });
    expect(commandJobResult({ command: command('applied', { version: 3 }) })).toEqual({ status: 'applied', outcome: { version: 3 } });
  });

  it('is told apart from the bare status an engine of an earlier version answers', () => {
    expect(isCommandJobResult({ status: 'applied', outcome: { version: 2 } })).toBe(true);
    expect(isCommandJobResult({ status: 'applied' })).toBe(false);
    expect(isCommandJobResult(null)).toBe(false);
    expect(isCommandJobResult('applied')).toBe(false);
  });
});

describe('the dossier after a command', () => {
  it('is the state the engine answered with, completed with what was submitted', () => {
    const before = dossier();
    const after = dossierAfterCommand(before, stateOf(dossier({ status: 2, step: 'assignment', version: 2 })));

    expect(after).toBeInstanceOf(DossierEntity);
    expect(after).toMatchObject({ status: 2, step: 'assignment', version: 2, applicant: before.applicant, fields: before.fields });
    expect(before).toMatchObject({ status: 1, step: 'submitted', version: 1 });
  });

  it('is not known without a state', () => {
    expect(dossierAfterCommand(dossier(), undefined)).toBeUndefined();
  });

  it.each([
    ['id', { id: 'd-2' }],
    ['agencyId', { agencyId: 'agency-2' }],
    ['divisionId', { divisionId: 'division-2' }],
    ['applicantUserId', { applicantUserId: null }],
  ])('is read again (not taken from the answer) when %s, which decides who may see it, differs', (_column, change) => {
    expect(dossierAfterCommand(dossier(), stateOf(dossier(change)))).toBeUndefined();
  });
});
