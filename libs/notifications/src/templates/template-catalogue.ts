import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { NotificationConfigError, readJsonFile, validated } from '../config-files';
import { NotificationRules, RULES_SCHEMA } from '../recipients/notification-rules';
import { isPlaceholder, PLACEHOLDERS } from './placeholders';
import { MessageTemplate, placeholdersIn, strayBraces, TemplateChannel } from './template-renderer';

export const TEMPLATE_CHANNELS: readonly TemplateChannel[] = ['email', 'sms'];
export const RULES_FILE = 'rules.json';
const TEMPLATE_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.(email|sms)\.json$/;

interface TemplateFile {
  version: number;
  description?: string;
  subject?: string;
  /** A string, or lines joined with newlines (easier to read and review in JSON). */
  body: string | string[];
}

const TEMPLATE_SCHEMA: JSONSchemaType<TemplateFile> = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'body'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    description: { type: 'string', nullable: true },
    subject: { type: 'string', minLength: 1, nullable: true },
    body: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string' } },
      ],
    } as unknown as JSONSchemaType<TemplateFile>['properties']['body'],
  },
};

/** The templates and rules of config/templates, validated together. */
export interface TemplateCatalogue {
  rules: NotificationRules;
  template(key: string, channel: TemplateChannel): MessageTemplate;
  all(): MessageTemplate[];
}

function parseTemplate(path: string, shownAs: string, key: string, channel: TemplateChannel): MessageTemplate {
  const file = validated(TEMPLATE_SCHEMA, readJsonFile(path, shownAs), shownAs);
  const body = Array.isArray(file.body) ? file.body.join('\n') : file.body;
  const problems: string[] = [];
  if (channel === 'email' && !file.subject) problems.push('an e-mail template needs a "subject"');
  if (channel === 'sms' && file.subject !== undefined) problems.push('an SMS has no subject: remove "subject"');
  for (const text of [file.subject ?? '', body]) {
    if (strayBraces(text)) problems.push('has braces that do not form a {{placeholder}}');
    for (const name of placeholdersIn(text).filter((n) => !isPlaceholder(n))) {
      problems.push(`unknown placeholder {{${name}}} (known: ${Object.keys(PLACEHOLDERS).join(', ')})`);
    }
  }
  if (problems.length) throw new NotificationConfigError(shownAs, problems);
  return { key, channel, version: file.version, subject: file.subject, body, file: shownAs };
}

/**
 * Reads config/templates: every `<key>.<email|sms>.json` and `rules.json`. Anything wrong (an
 * unknown placeholder, a missing subject, a rule naming a template that is not there, a stray file)
 * throws naming the file, so the worker refuses to start rather than fail message by message.
 */
export function loadTemplateCatalogue(configDir: string): TemplateCatalogue {
  const dir = join(configDir, 'templates');
  const shown = (name: string) => `config/templates/${name}`;
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new NotificationConfigError('config/templates', ['folder is missing']);
  }
  const templates = new Map<string, MessageTemplate>();
  for (const name of names.filter((n) => n !== RULES_FILE)) {
    const match = TEMPLATE_FILE.exec(name);
    if (!match) throw new NotificationConfigError(shown(name), ['is neither rules.json nor named <key>.email.json / <key>.sms.json']);
    const [, key, channel] = match as unknown as [string, string, TemplateChannel];
    templates.set(`${key}.${channel}`, parseTemplate(join(dir, name), shown(name), key, channel));
  }
  if (!names.includes(RULES_FILE)) throw new NotificationConfigError(shown(RULES_FILE), ['is missing']);
  const rules = validated(RULES_SCHEMA, readJsonFile(join(dir, RULES_FILE), shown(RULES_FILE)), shown(RULES_FILE));
  // Every rule must be sendable on every channel, since the recipient's preference picks the channel.
  const used = new Set([...rules.applicant.rules, ...rules.officers.rules].map((rule) => rule.template));
  const missing = [...used].flatMap((key) => TEMPLATE_CHANNELS.filter((c) => !templates.has(`${key}.${c}`)).map((c) => `${key}.${c}.json`));
  if (missing.length) throw new NotificationConfigError(shown(RULES_FILE), missing.map((file) => `names template ${shown(file)}, which does not exist`));

  return {
    rules,
    template(key, channel) {
      const found = templates.get(`${key}.${channel}`);
      if (!found) throw new Error(`template ${key}.${channel} is not loaded`);
      return found;
    },
    all: () => [...templates.values()],
  };
}
