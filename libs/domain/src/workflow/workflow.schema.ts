/**
 * JSON Schema (draft-07) of a workflow file: the shape only.
 *
 * Roles, actions, requirements and status ranges are deliberately plain strings and integers here:
 * they are checked by the semantic validation, which reports them together with every other
 * problem of the file and can say which values are allowed.
 */
import { CLOCK_STATES, DURATION_UNITS, STEP_SCOPES } from './workflow.types';

const code = { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' } as const;
const text = { type: 'string', minLength: 1 } as const;
const stringList = { type: 'array', items: text, uniqueItems: true } as const;
const roleList = { ...stringList, minItems: 1 } as const;

const duration = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'unit'],
  properties: {
    value: { type: 'number', exclusiveMinimum: 0 },
    unit: { enum: DURATION_UNITS },
  },
} as const;

const action = {
  type: 'object',
  additionalProperties: false,
  required: ['action', 'to', 'roles'],
  properties: {
    action: text,
    to: text,
    roles: roleList,
    requires: stringList,
    maxPerDossier: { type: 'integer', minimum: 1 },
    publicText: text,
  },
} as const;

const escalation = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    dueSoonBefore: duration,
    onOverdue: {
      type: 'object',
      additionalProperties: false,
      required: ['notifyRoles'],
      properties: { notifyRoles: roleList },
    },
    autoAction: {
      type: 'object',
      additionalProperties: false,
      required: ['action', 'afterWorkingDays'],
      properties: { action: text, afterWorkingDays: { type: 'integer', minimum: 1 } },
    },
  },
} as const;

const step = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'status', 'roles', 'scope', 'slaShare', 'clock', 'publicText', 'editable', 'actions'],
  properties: {
    code,
    name: text,
    status: { type: 'integer' },
    roles: stringList,
    scope: { enum: STEP_SCOPES },
    slaShare: { type: 'number', minimum: 0, maximum: 1 },
    timeLimit: duration,
    clock: { enum: CLOCK_STATES },
    publicText: text,
    editable: { type: 'boolean' },
    requiredDocuments: stringList,
    terminal: { type: 'boolean' },
    escalation,
    actions: { type: 'array', items: action },
  },
} as const;

export const WORKFLOW_FILE_SCHEMA = {
  $id: 'https://motcua.local/schemas/workflow-definition.json',
  title: 'Motcua workflow definition',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'version', 'name', 'effectiveFrom', 'initialStep', 'steps'],
  properties: {
    code,
    version: { type: 'integer', minimum: 1 },
    name: text,
    effectiveFrom: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    initialStep: text,
    steps: { type: 'array', minItems: 1, items: step },
  },
} as const;
