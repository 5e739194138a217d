import type { JSONSchemaType } from 'ajv';
import type { Channel } from '../entities';

/**
 * Which events message whom, read from config/templates/rules.json (data, not code):
 *  - the applicant on the events that change what they must know or do;
 *  - officers when work arrives at their step, and when it is due soon or overdue.
 */
export interface NotificationRules {
  version: number;
  description?: string;
  applicant: {
    /** Channels for an applicant without an account (a dossier registered at the desk). */
    defaultChannels: Channel[];
    rules: ApplicantRule[];
  };
  officers: {
    /** Whether a role is looked up in the dossier's division or across its agency. */
    roleScope: Record<string, 'agency' | 'division'>;
    /** The role whose work goes to the dossier's assignee alone once one is set. */
    assigneeRole: string;
    rules: OfficerRule[];
  };
}

export interface ApplicantRule {
  event: string;
  /** For dossier.status_changed: the new status code. */
  status?: number;
  template: string;
}

/**
 * step_roles: the roles of the step the dossier is now in (new work);
 * notify_roles: the roles named by the event's `detail.notifyRoles` (due soon, overdue, escalation).
 */
export interface OfficerRule {
  event: string;
  recipients: 'step_roles' | 'notify_roles';
  template: string;
}

const EVENT_TYPES = ['dossier.submitted', 'dossier.status_changed', 'dossier.step_changed', 'dossier.due_soon', 'dossier.overdue', 'dossier.result_issued', 'dossier.due_date_changed'];
const ROLES = ['RECEPTIONIST', 'SPECIALIST', 'HEAD', 'DIRECTOR', 'ADMIN'];
const TEMPLATE_KEY = '^[a-z0-9]+(-[a-z0-9]+)*$';

export const RULES_SCHEMA: JSONSchemaType<NotificationRules> = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'applicant', 'officers'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    description: { type: 'string', nullable: true },
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['defaultChannels', 'rules'],
      properties: {
        defaultChannels: { type: 'array', items: { type: 'string', enum: ['email', 'sms'] }, uniqueItems: true },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['event', 'template'],
            properties: {
              event: { type: 'string', enum: EVENT_TYPES },
              status: { type: 'integer', minimum: 1, maximum: 10, nullable: true },
              template: { type: 'string', pattern: TEMPLATE_KEY },
            },
          },
        },
      },
    },
    officers: {
      type: 'object',
      additionalProperties: false,
      required: ['roleScope', 'assigneeRole', 'rules'],
      properties: {
        roleScope: {
          type: 'object',
          propertyNames: { enum: ROLES },
          additionalProperties: { type: 'string', enum: ['agency', 'division'] },
          required: [],
        },
        assigneeRole: { type: 'string', enum: ROLES },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['event', 'recipients', 'template'],
            properties: {
              event: { type: 'string', enum: EVENT_TYPES },
              recipients: { type: 'string', enum: ['step_roles', 'notify_roles'] },
              template: { type: 'string', pattern: TEMPLATE_KEY },
            },
          },
        },
      },
    },
  },
};

/** The applicant rules an event triggers (status rules match the new status). */
export function applicantRulesFor(rules: NotificationRules, eventType: string, status: number | null): ApplicantRule[] {
  return rules.applicant.rules.filter((rule) => rule.event === eventType && (rule.status === undefined || rule.status === status));
}

export function officerRulesFor(rules: NotificationRules, eventType: string): OfficerRule[] {
  return rules.officers.rules.filter((rule) => rule.event === eventType);
}
