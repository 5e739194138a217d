/**
 * Turns the JSON of a workflow file into a trusted, frozen `WorkflowDefinition`, or explains
 * everything that is wrong with it. The engine calls this at start-up for every file, so a broken
 * definition stops the process with a message the author can act on, instead of stranding dossiers.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { WORKFLOW_FILE_SCHEMA } from './workflow.schema';
import type { WorkflowDefinition } from './workflow.types';
import { validateWorkflowDefinition } from './workflow.validation';

export class WorkflowDefinitionError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Invalid workflow definition ${fileName} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'WorkflowDefinitionError';
  }
}

// One compiled validator for the process; allErrors so the author sees every shape problem at once.
const ajv = new Ajv({ allErrors: true, strict: true });
const validateShape = ajv.compile<WorkflowDefinition>(WORKFLOW_FILE_SCHEMA);

export function parseWorkflowFile(json: unknown, fileName: string): WorkflowDefinition {
  if (!validateShape(json)) {
    // The semantic checks assume the shape, so they only run on a well-formed file.
    throw new WorkflowDefinitionError(fileName, (validateShape.errors ?? []).map(describeSchemaError));
  }
  const problems = validateWorkflowDefinition(json, fileName);
  if (problems.length > 0) throw new WorkflowDefinitionError(fileName, problems);
  // Published definitions are immutable: dossiers are pinned to them.
  return deepFreeze(structuredClone(json));
}

/** Ajv's messages with a JSON path the author can follow, e.g. `/steps/2/actions/0: must have required property 'to'`. */
function describeSchemaError(error: ErrorObject): string {
  const at = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `${at}: unknown property "${String(params.additionalProperty)}": remove it or fix its spelling`;
  }
  if (error.keyword === 'enum') {
    return `${at}: ${error.message}: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${at}: ${error.message}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
