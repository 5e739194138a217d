/**
 * Rules that hold for every workflow definition. They come from the law and from the external
 * contract, not from a procedure, so they are code: a definition may narrow them, never widen them.
 */
import { endsProcessing, type DossierStatus } from '../status';
import type { ActionCode, ClockState, PortalStatus, Role } from './workflow.types';

const OFFICERS_AT_DESK: readonly Role[] = ['RECEPTIONIST'];
const DIVISION: readonly Role[] = ['SPECIALIST', 'HEAD'];
const LEADERS: readonly Role[] = ['HEAD', 'DIRECTOR'];
const ALL_OFFICERS: readonly Role[] = ['RECEPTIONIST', 'SPECIALIST', 'HEAD', 'DIRECTOR'];

/**
 * The roles that may ever take each action. The applicant only supplements, withdraws and rates
 * (contract: "Citizen actions"); officers never act in the applicant's name; ADMIN manages the
 * catalogue and takes no part in processing; SYSTEM acts for timers, the payment gateway and interop.
 */
export const ACTION_ROLES: Readonly<Record<ActionCode, readonly Role[]>> = {
  supplement: ['CITIZEN'],
  withdraw: ['CITIZEN'],
  rate: ['CITIZEN'],
  accept: OFFICERS_AT_DESK,
  refuse: OFFICERS_AT_DESK,
  request_supplement: ['RECEPTIONIST', ...DIVISION],
  assign: LEADERS,
  forward: ALL_OFFICERS,
  approve: LEADERS,
  return_for_rework: LEADERS,
  refer_external: [...DIVISION, 'DIRECTOR'],
  record_external_result: [...ALL_OFFICERS, 'SYSTEM'],
  request_payment: [...ALL_OFFICERS, 'SYSTEM'],
  record_payment: ['RECEPTIONIST', 'SYSTEM'],
  issue_result: ALL_OFFICERS,
  deliver: ['RECEPTIONIST', 'SYSTEM'],
  extend: LEADERS,
  stop: LEADERS,
  close_unsupplemented: ['SYSTEM'],
};

/** Actions that never move the dossier: they record something about it where it is. */
export const IN_PLACE_ACTIONS: ReadonlySet<ActionCode> = new Set<ActionCode>(['extend', 'rate']);

/**
 * Actions that may either move the dossier or keep it where it is: `assign` hands a dossier in
 * appraisal to another specialist (leave, workload) without restarting the step.
 * Every other action must move the dossier, or it would be a no-op with side effects.
 */
export const MAY_STAY_ACTIONS: ReadonlySet<ActionCode> = new Set<ActionCode>(['assign']);

/** Statuses that end processing and leave nothing to do (3, 7, 8, 10); their steps are terminal. */
export const FINAL_STATUSES: ReadonlySet<PortalStatus> = new Set<PortalStatus>([3, 7, 8, 10]);

/**
 * Status 9 (processed, result ready) ends processing for the on-time index but is not final:
 * the result must still be delivered (status 10).
 */
export const RESULT_READY_STATUS: PortalStatus = 9;

/** Waiting for the applicant (supplement, payment): the law pauses the clock there. */
export const APPLICANT_WAIT_STATUSES: ReadonlySet<PortalStatus> = new Set<PortalStatus>([5, 6]);

/** The clock a step with this status must have, when the status alone decides it. */
export function requiredClockFor(status: number): ClockState | undefined {
  if (endsProcessing(status as DossierStatus)) return 'stopped';
  if (APPLICANT_WAIT_STATUSES.has(status as PortalStatus)) return 'paused';
  if (status === 1) return 'not_started';
  return undefined;
}
