import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { JSONSchemaType } from 'ajv';
import { NotificationConfigError, parseJson, readJsonFile, validated } from '../../config-files';
import { placeholdersIn } from '../../templates/template-renderer';

/** A rule on the gateway's answer: it matches when every condition given matches. */
export interface ResponseRule {
  status?: number[];
  /** Values of the field at `codePath` in the JSON answer. */
  codes?: string[];
}

/**
 * An HTTP SMS gateway described as data (config/sms-gateways/<name>.json): how to build the request
 * and how to read the answer. Adding a provider is writing one of these, not code.
 */
export interface GatewayDescription {
  name: string;
  description?: string;
  note?: string;
  request: {
    /** May be left out and given by SMS_GATEWAY_URL. */
    url?: string;
    method: 'POST' | 'GET' | 'PUT';
    headers?: Record<string, string>;
    /** json: JSON body; form: x-www-form-urlencoded body; query: fields in the query string. */
    format: 'json' | 'form' | 'query';
    /** Field mapping; strings may use {{phone}} {{text}} {{sender}} {{messageId}} {{apiKey}} {{apiSecret}}. */
    body: Record<string, unknown>;
    timeoutMs?: number;
  };
  /** How the gateway wants numbers: 0987654321, 84987654321 or +84987654321. */
  phoneFormat: '0' | '84' | '+84';
  /** Brandname SMS in Vietnam are often accepted only without diacritics (không dấu). */
  stripDiacritics: boolean;
  /** Default sender name (brandname); SMS_SENDER replaces it. */
  sender?: string;
  response: {
    /** Dot path of the provider's result or error code in the JSON answer, e.g. "error.code", "CodeResult". */
    codePath?: string;
    /** Dot path of the provider's message id. */
    messageIdPath?: string;
    delivered: ResponseRule[];
    permanent: ResponseRule[];
    temporary: ResponseRule[];
  };
}

/** A gateway description with its secrets and URL resolved from the environment. */
export interface SmsGateway {
  description: GatewayDescription;
  url: string;
  values: { apiKey?: string; apiSecret?: string; sender?: string };
  /** Where it came from, for error messages and logs. */
  source: string;
}

export const GATEWAY_PLACEHOLDERS = ['phone', 'text', 'sender', 'messageId', 'apiKey', 'apiSecret'] as const;

const RULES: JSONSchemaType<ResponseRule[]> = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      status: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1, nullable: true },
      codes: { type: 'array', items: { type: 'string' }, minItems: 1, nullable: true },
    },
  },
};

const GATEWAY_SCHEMA: JSONSchemaType<GatewayDescription> = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'request', 'phoneFormat', 'stripDiacritics', 'response'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    description: { type: 'string', nullable: true },
    note: { type: 'string', nullable: true },
    request: {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'format', 'body'],
      properties: {
        url: { type: 'string', pattern: '^https?://', nullable: true },
        method: { type: 'string', enum: ['POST', 'GET', 'PUT'] },
        headers: { type: 'object', additionalProperties: { type: 'string' }, required: [], nullable: true },
        format: { type: 'string', enum: ['json', 'form', 'query'] },
        body: { type: 'object', required: [] },
        timeoutMs: { type: 'integer', minimum: 100, maximum: 120000, nullable: true },
      },
    },
    phoneFormat: { type: 'string', enum: ['0', '84', '+84'] },
    stripDiacritics: { type: 'boolean' },
    sender: { type: 'string', nullable: true },
    response: {
      type: 'object',
      additionalProperties: false,
      required: ['delivered', 'permanent', 'temporary'],
      properties: {
        codePath: { type: 'string', nullable: true },
        messageIdPath: { type: 'string', nullable: true },
        delivered: { ...RULES, minItems: 1 },
        permanent: RULES,
        temporary: RULES,
      },
    },
  },
};

type SmsSettings = { provider?: string; gateway?: string; gatewayUrl?: string; apiKey?: string; apiSecret?: string; sender?: string };

/** Every string of the request that may hold placeholders. */
function requestTexts(request: GatewayDescription['request']): string[] {
  const texts: string[] = [request.url ?? '', ...Object.values(request.headers ?? {})];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(request.body);
  return texts;
}

function readDescription(settings: SmsSettings, root: string, configDir: string): { json: unknown; source: string } | null {
  if (settings.gateway) {
    const inline = settings.gateway.trim().startsWith('{');
    if (inline) return { json: parseJson(settings.gateway, 'SMS_GATEWAY'), source: 'SMS_GATEWAY' };
    const path = isAbsolute(settings.gateway) ? settings.gateway : join(root, settings.gateway);
    return { json: readJsonFile(path, `SMS_GATEWAY (${settings.gateway})`), source: settings.gateway };
  }
  if (!settings.provider) return null;
  const dir = join(configDir, 'sms-gateways');
  const path = join(dir, `${settings.provider}.json`);
  if (!existsSync(path)) {
    const known = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)) : [];
    throw new NotificationConfigError('SMS_PROVIDER', [`no config/sms-gateways/${settings.provider}.json (available: ${known.join(', ') || 'none'})`]);
  }
  const shown = `config/sms-gateways/${settings.provider}.json`;
  return { json: readJsonFile(path, shown), source: shown };
}

/**
 * The configured SMS gateway (SMS_GATEWAY, else SMS_PROVIDER), or null when none is configured.
 * Everything is checked now, so a wrong file, an unknown placeholder or a missing secret stops
 * start-up naming what to fix rather than failing each SMS.
 */
export function loadSmsGateway(settings: SmsSettings, root: string, configDir: string): SmsGateway | null {
  const read = readDescription(settings, root, configDir);
  if (!read) return null;
  const description = validated(GATEWAY_SCHEMA, read.json, read.source);
  const problems: string[] = [];
  const used = new Set(requestTexts(description.request).flatMap(placeholdersIn));
  for (const name of used) {
    if (!(GATEWAY_PLACEHOLDERS as readonly string[]).includes(name)) problems.push(`unknown placeholder {{${name}}} (known: ${GATEWAY_PLACEHOLDERS.join(', ')})`);
  }
  if (used.has('apiKey') && !settings.apiKey) problems.push('uses {{apiKey}}: set SMS_API_KEY');
  if (used.has('apiSecret') && !settings.apiSecret) problems.push('uses {{apiSecret}}: set SMS_API_SECRET');
  const sender = settings.sender ?? description.sender;
  if (used.has('sender') && !sender) problems.push('uses {{sender}}: give "sender" or set SMS_SENDER');
  const url = settings.gatewayUrl ?? description.request.url;
  if (!url) problems.push('has no request.url: set SMS_GATEWAY_URL');
  if (problems.length) throw new NotificationConfigError(read.source, problems);
  return { description, url: url!, values: { apiKey: settings.apiKey, apiSecret: settings.apiSecret, sender }, source: read.source };
}
