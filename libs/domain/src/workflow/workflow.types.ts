/**
 * The vocabulary of workflow definitions (ARCHITECTURE.md principle 2: "Workflows are data").
 *
 * A definition lives in `config/workflows/<code>.json`; these types describe the parsed file.
 * The constant lists are the closed vocabularies: a definition may only use what is listed here,
 * because the engine, the API and the national portal mapping all depend on them.
 */

/** Everyone who can act on a dossier. SYSTEM is the engine itself (timers, payment gateway, interop). */
export const ROLES = ['CITIZEN', 'RECEPTIONIST', 'SPECIALIST', 'HEAD', 'DIRECTOR', 'ADMIN', 'SYSTEM'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Every action a dossier can undergo once it exists.
 * There is no `submit`: submitting creates the dossier in the definition's `initialStep`.
 * Beyond the external contract's list: `record_payment` (the desk or the payment gateway confirms
 * the fee) and `close_unsupplemented` (SYSTEM closes a dossier not supplemented in time).
 */
export const ACTIONS = [
  // citizen actions
  'supplement',
  'withdraw',
  'rate',
  // officer actions
  'accept',
  'refuse',
  'request_supplement',
  'assign',
  'forward',
  'approve',
  'return_for_rework',
  'refer_external',
  'record_external_result',
  'request_payment',
  'record_payment',
  'issue_result',
  'deliver',
  'extend',
  'stop',
  // system actions
  'close_unsupplemented',
] as const;
export type ActionCode = (typeof ACTIONS)[number];

/**
 * What an action's payload must carry. Payload keys are these names.
 *  - comment: the officer's opinion or note (e.g. the appraisal opinion when forwarding);
 *  - reason: why (refusal form 03, stop notice form 05, rework, withdrawal, extension form 04);
 *  - missingItems: what the applicant must supply (supplementation request form 02);
 *  - documents: file ids handed in with the action (the supplement, the referral letter);
 *  - assignee: the user id of the specialist who will handle the dossier;
 *  - resultDocument: the numbered, signed result file and its number;
 *  - newDueDate: the new appointment date of an apology and extension (form 04);
 *  - externalAgency: the agency a dossier is referred to;
 *  - externalResult: that agency's answer (outcome, document);
 *  - paymentAmount: the fee and charges requested;
 *  - paymentReceipt: the receipt or transaction reference of a payment;
 *  - deliveryRecord: who received the result, how and when;
 *  - rating: the applicant's satisfaction rating.
 */
export const REQUIREMENTS = [
  'comment',
  'reason',
  'missingItems',
  'documents',
  'assignee',
  'resultDocument',
  'newDueDate',
  'externalAgency',
  'externalResult',
  'paymentAmount',
  'paymentReceipt',
  'deliveryRecord',
  'rating',
] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

/**
 * The state of the procedure clock while a dossier sits in a step.
 *  - not_started: before acceptance; the due date counts from acceptance (DOMAIN.md "The clock");
 *  - running: the time counts against the due date;
 *  - paused: waiting for the applicant (supplement, payment); the due date moves by the paused time;
 *  - external: waiting for another agency; not counted against this department, the due date moves;
 *  - stopped: processing has ended (result ready, or a final step).
 */
export const CLOCK_STATES = ['not_started', 'running', 'paused', 'external', 'stopped'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** Who may see and work a step: any officer of the agency, or only officers of the procedure's division. */
export const STEP_SCOPES = ['agency', 'division'] as const;
export type StepScope = (typeof STEP_SCOPES)[number];

export const DURATION_UNITS = ['working_hours', 'working_days', 'calendar_days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  value: number;
  unit: DurationUnit;
}

/** National portal status codes (DOMAIN.md "Status codes"), 1..10. */
export type PortalStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export interface ActionDefinition {
  action: ActionCode;
  /** Target step code. Equal to the current step for in-place actions (extend, rate). */
  to: string;
  /** Who may take the action; a subset of what the law allows for it (see ACTION_ROLES). */
  roles: Role[];
  /** Payload fields that must be present; the engine answers 422 when one is missing. */
  requires?: Requirement[];
  /** How many times the action may be taken in one dossier's life (e.g. extend: once). */
  maxPerDossier?: number;
  /** Vietnamese text shown to the applicant when the action is taken. */
  publicText?: string;
}

export interface StepEscalation {
  /** Raise `dossier.due_soon` this long before the step deadline. */
  dueSoonBefore?: Duration;
  /** Who is notified when the step deadline passes (`dossier.overdue`). */
  onOverdue?: { notifyRoles: Role[] };
  /**
   * SYSTEM takes `action` this many working days after the dossier entered the step, if it is still
   * there (e.g. close a dossier not supplemented in time). Counted from entry, not from the deadline,
   * because waiting steps have no procedure deadline of their own.
   */
  autoAction?: { action: ActionCode; afterWorkingDays: number };
}

export interface StepDefinition {
  code: string;
  /** Vietnamese name shown to officers and on the process control slip (form 06). */
  name: string;
  status: PortalStatus;
  /** Whose work-list the step appears in. Empty for terminal steps. */
  roles: Role[];
  scope: StepScope;
  /**
   * Share of the procedure's time limit for this step, 0..1 (per-step SLA). Only steps whose clock
   * is `running` may have a share; the shares of a definition sum to at most 1.
   */
  slaShare: number;
  /** A step's own deadline when it is off the procedure clock (e.g. waiting for another agency). */
  timeLimit?: Duration;
  clock: ClockState;
  /** Vietnamese text for the applicant (lookup, portal, notifications). */
  publicText: string;
  /** Whether the applicant may edit the dossier's fields and documents in this step. */
  editable: boolean;
  /** Catalogue document codes that must be on the dossier before it leaves the step. */
  requiredDocuments?: string[];
  /** A final step: only in-place actions (rate) may remain. */
  terminal?: boolean;
  escalation?: StepEscalation;
  actions: ActionDefinition[];
}

export interface WorkflowDefinition {
  code: string;
  version: number;
  /** Vietnamese name. */
  name: string;
  /** ISO date (YYYY-MM-DD) from which new dossiers use this version. */
  effectiveFrom: string;
  initialStep: string;
  steps: StepDefinition[];
}
