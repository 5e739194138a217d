import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type JSONSchemaType } from 'ajv';

/** A notification config file (template, rules, SMS gateway) that cannot be used; the message names the file. */
export class NotificationConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `\n${problems.map((p) => `  - ${p}`).join('\n')}`}`);
    this.name = 'NotificationConfigError';
  }
}

// One Ajv for the lib; allErrors so an author sees every problem of a file at once.
const ajv = new Ajv({ allErrors: true, strict: true });

const describe = (error: ErrorObject) => `${error.instancePath || '(root)'}: ${error.message ?? 'is invalid'}`;

/** Checks a parsed JSON value against a schema, throwing with the file and every JSON path at fault. */
export function validated<T>(schema: JSONSchemaType<T>, json: unknown, file: string): T {
  const validate = ajv.compile<T>(schema);
  if (!validate(json)) throw new NotificationConfigError(file, (validate.errors ?? []).map(describe));
  return json;
}

export function readJsonFile(path: string, shownAs: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new NotificationConfigError(shownAs, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  return parseJson(text, shownAs);
}

export function parseJson(text: string, shownAs: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NotificationConfigError(shownAs, [`is not valid JSON (${(error as Error).message})`]);
  }
}
