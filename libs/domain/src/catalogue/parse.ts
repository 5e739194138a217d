import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajv, FORM_SCHEMA_DIALECT } from './ajv';
import { agenciesFileSchema, procedureFileSchema } from './catalogue-schemas';
import { CatalogueError, type CatalogueIssue } from './catalogue-error';
import { compileSchema } from './form-validator';
import type { AgencyDefinition, JsonSchema, ProcedureDefinition } from './types';

type Node = { readonly [keyword: string]: unknown };
type Issue = Omit<CatalogueIssue, 'file'>;

export interface ParseProcedureOptions {
  /** When given, the procedure's agency and division must be among them. */
  readonly agencies?: readonly AgencyDefinition[];
  /** When given, the procedure's workflow code must be among them. */
  readonly workflows?: readonly string[];
}

export interface CatalogueFile {
  readonly fileName: string;
  readonly json: unknown;
}

export interface Catalogue {
  readonly agencies: readonly AgencyDefinition[];
  readonly procedures: readonly ProcedureDefinition[];
}

let validateProcedure: ValidateFunction | undefined;
let validateAgencies: ValidateFunction | undefined;

/** Validates one procedure file and returns it deep-frozen; throws CatalogueError naming file and path. */
export function parseProcedureFile(json: unknown, fileName: string, options: ParseProcedureOptions = {}): ProcedureDefinition {
  validateProcedure ??= ajv.compile(procedureFileSchema);
  fail(fileName, schemaIssues(validateProcedure, json));
  const procedure = json as ProcedureDefinition;
  const issues: Issue[] = [];

  duplicateIndexes(procedure.documents.map((d) => d.code)).forEach((i) =>
    issues.push({ path: `/documents/${i}/code`, message: `duplicates document code "${procedure.documents[i].code}"` }),
  );
  if (options.agencies) {
    const agency = options.agencies.find((a) => a.code === procedure.agency);
    if (!agency) issues.push({ path: '/agency', message: `names unknown agency "${procedure.agency}"` });
    else if (!agency.divisions.some((d) => d.code === procedure.division))
      issues.push({ path: '/division', message: `names no division of ${agency.code} ("${procedure.division}")` });
  }
  if (options.workflows && !options.workflows.includes(procedure.workflow))
    issues.push({ path: '/workflow', message: `names unknown workflow "${procedure.workflow}"` });
  issues.push(...formSchemaIssues(procedure.formSchema));

  fail(fileName, issues);
  return deepFreeze(structuredClone(procedure));
}

/** Validates the agencies file (codes, identifiers and division codes unique) and returns it deep-frozen. */
export function parseAgenciesFile(json: unknown, fileName: string): AgencyDefinition[] {
  validateAgencies ??= ajv.compile(agenciesFileSchema);
  fail(fileName, schemaIssues(validateAgencies, json));
  const agencies = json as AgencyDefinition[];
  const issues: Issue[] = [];
  for (const key of ['code', 'identifier'] as const)
    duplicateIndexes(agencies.map((a) => a[key])).forEach((i) =>
      issues.push({ path: `/${i}/${key}`, message: `duplicates "${agencies[i][key]}"` }),
    );
  agencies.forEach((a, ai) =>
    duplicateIndexes(a.divisions.map((d) => d.code)).forEach((i) =>
      issues.push({ path: `/${ai}/divisions/${i}/code`, message: `duplicates "${a.divisions[i].code}"` }),
    ),
  );
  fail(fileName, issues);
  return deepFreeze(structuredClone(agencies));
}

/**
 * Parses the whole catalogue and reports every broken file at once; also checks what no single file
 * can: procedure codes are unique and a file is named after its code (<code>.json).
 */
export function parseCatalogue(input: {
  readonly agencies: CatalogueFile;
  readonly procedures: readonly CatalogueFile[];
  readonly workflows?: readonly string[];
}): Catalogue {
  const agencies = parseAgenciesFile(input.agencies.json, input.agencies.fileName);
  const issues: CatalogueIssue[] = [];
  const procedures: ProcedureDefinition[] = [];
  const fileOf = new Map<string, string>();
  for (const { fileName, json } of input.procedures) {
    try {
      const p = parseProcedureFile(json, fileName, { agencies, workflows: input.workflows });
      const base = fileName.split(/[\\/]/).pop() ?? fileName;
      if (base.endsWith('.json') && base !== `${p.code}.json`)
        issues.push({ file: fileName, path: '/code', message: `must match the file name (${p.code}.json)` });
      const other = fileOf.get(p.code);
      if (other) issues.push({ file: fileName, path: '/code', message: `"${p.code}" is already defined in ${other}` });
      fileOf.set(p.code, fileName);
      procedures.push(p);
    } catch (err) {
      if (!(err instanceof CatalogueError)) throw err;
      issues.push(...err.issues);
    }
  }
  if (issues.length > 0) throw new CatalogueError(issues);
  return { agencies, procedures };
}

/**
 * A form schema must be draft-07, compile in strict mode, and be strict about what citizens send:
 * every object closes its properties, every declared property has a title (used in messages),
 * every free-text string has a maxLength, and maxRatioOf names a sibling that exists.
 */
function formSchemaIssues(schema: JsonSchema): Issue[] {
  const at = '/formSchema';
  if (schema.$schema !== FORM_SCHEMA_DIALECT) return [{ path: `${at}/$schema`, message: `must be "${FORM_SCHEMA_DIALECT}"` }];
  if (schema.type !== 'object') return [{ path: `${at}/type`, message: 'must be "object"' }];
  if (!ajv.validateSchema(schema)) return (ajv.errors ?? []).map((e) => toIssue(e, at));
  try {
    compileSchema(schema);
  } catch (err) {
    return [{ path: at, message: `does not compile: ${(err as Error).message}` }];
  }
  const issues: Issue[] = [];
  lint(schema, at, new Set(), new Set(), issues);
  return issues;
}

/**
 * siblings: properties beside the value this node validates; level: properties already declared for
 * this same value by enclosing schemas (so a "then" branch sees the base properties).
 */
function lint(node: unknown, path: string, siblings: ReadonlySet<string>, level: ReadonlySet<string>, issues: Issue[]): void {
  if (!isNode(node)) return;
  if (node.$id !== undefined) issues.push({ path: `${path}/$id`, message: 'is not allowed (form schemas are cached by content)' });
  const props = isNode(node.properties) ? node.properties : undefined;
  const here = new Set([...level, ...Object.keys(props ?? {})]);

  if (node.type === 'object' && props && node.additionalProperties !== false)
    issues.push({ path, message: 'must set "additionalProperties": false' });
  if (node.type === 'string' && node.maxLength === undefined && node.enum === undefined && node.const === undefined)
    issues.push({ path, message: 'must set "maxLength" (or "enum")' });
  if (Array.isArray(node.enumTitles) && (!Array.isArray(node.enum) || node.enum.length !== node.enumTitles.length))
    issues.push({ path: `${path}/enumTitles`, message: 'must have one title per "enum" value' });
  const ratio = node.maxRatioOf as { field?: string } | undefined;
  if (ratio?.field !== undefined && !siblings.has(ratio.field))
    issues.push({ path: `${path}/maxRatioOf/field`, message: `names no sibling property ("${ratio.field}")` });

  for (const [key, child] of Object.entries(props ?? {})) {
    const childPath = `${path}/properties/${escapePointer(key)}`;
    // Titles are required where properties are declared (typed objects), not in if/then refinements.
    if (node.type === 'object' && !(isNode(child) && typeof child.title === 'string' && child.title.length > 0))
      issues.push({ path: childPath, message: 'must have a "title" (Vietnamese; used in error messages)' });
    lint(child, childPath, here, new Set(), issues);
  }
  // Same value, further rules: keep the sibling and level context.
  for (const key of ['if', 'then', 'else', 'not']) lint(node[key], `${path}/${key}`, siblings, here, issues);
  for (const key of ['allOf', 'anyOf', 'oneOf'])
    if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((s, i) => lint(s, `${path}/${key}/${i}`, siblings, here, issues));
  // New values: fresh context.
  lint(node.items, `${path}/items`, new Set(), new Set(), issues);
  lint(node.additionalProperties, `${path}/additionalProperties`, new Set(), new Set(), issues);
  for (const key of ['definitions', '$defs'])
    for (const [name, s] of Object.entries(isNode(node[key]) ? node[key] : {}))
      lint(s, `${path}/${key}/${escapePointer(name)}`, new Set(), new Set(), issues);
}

function schemaIssues(validate: ValidateFunction, json: unknown): Issue[] {
  return validate(json) ? [] : (validate.errors ?? []).map((e) => toIssue(e, ''));
}

/** Ajv's error as a path + English message, naming the offending property itself where Ajv names its parent. */
function toIssue(e: ErrorObject, prefix: string): Issue {
  const p = e.params as Record<string, unknown>;
  const path = prefix + e.instancePath;
  switch (e.keyword) {
    case 'required':
      return { path: `${path}/${escapePointer(String(p.missingProperty))}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${path}/${escapePointer(String(p.additionalProperty))}`, message: 'is not allowed' };
    case 'enum':
      return { path, message: `must be one of ${(p.allowedValues as unknown[]).join(', ')}` };
    default:
      return { path, message: e.message ?? 'is invalid' };
  }
}

function fail(file: string, issues: readonly Issue[]): void {
  if (issues.length > 0) throw new CatalogueError(issues.map((i) => ({ file, ...i })));
}

/** Indexes of values seen before (the second and later occurrences). */
function duplicateIndexes(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}

// Parsed records are shared (and their form schemas cache validators by identity): make them immutable.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(deepFreeze);
  }
  return value;
}

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);
const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
