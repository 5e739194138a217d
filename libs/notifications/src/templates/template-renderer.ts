import { Personalisation } from './placeholders';

export type TemplateChannel = 'email' | 'sms';

/** A parsed template file: config/templates/<key>.<channel>.json. */
export interface MessageTemplate {
  key: string;
  channel: TemplateChannel;
  version: number;
  subject?: string;
  body: string;
  /** Where it came from, for error messages. */
  file: string;
}

export interface RenderedMessage {
  subject: string | null;
  body: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** The placeholder names a text uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/** Braces that do not form a {{name}} placeholder: a template typo such as "{{dueAt}" or "{ {x}}". */
export function strayBraces(text: string): boolean {
  const rest = text.replace(PLACEHOLDER, '');
  return rest.includes('{{') || rest.includes('}}');
}

/** A template used a placeholder that has no value for this message. */
export class TemplateRenderError extends Error {
  constructor(
    readonly template: string,
    readonly missing: string[],
  ) {
    super(`template ${template}: no value for ${missing.map((name) => `{{${name}}}`).join(', ')}`);
    this.name = 'TemplateRenderError';
  }
}

/**
 * Fills a template. A placeholder without a value (absent, null or blank) is an error, never an
 * empty gap: a receipt that silently lacks its due date is worse than one that is not sent.
 */
export function renderTemplate(template: MessageTemplate, values: Personalisation): RenderedMessage {
  const texts = [template.subject ?? '', template.body];
  const lookup = values as Record<string, string | null | undefined>;
  const missing = [...new Set(texts.flatMap(placeholdersIn))].filter((name) => !lookup[name]?.trim());
  if (missing.length) throw new TemplateRenderError(`${template.key}.${template.channel} v${template.version}`, missing);
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, name: string) => lookup[name]!);
  return { subject: template.subject === undefined ? null : fill(template.subject), body: fill(template.body) };
}
