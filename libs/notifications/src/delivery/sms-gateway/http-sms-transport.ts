import { clip, OutgoingMessage, SendOutcome, Transport } from '../transport';
import type { ResponseRule, SmsGateway } from './gateway-config';
import { formatPhone, stripDiacritics } from './vietnamese-text';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const DEFAULT_TIMEOUT_MS = 10_000;

function fill(value: unknown, values: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values)]));
  return value;
}

function at(json: unknown, path: string | undefined): unknown {
  if (!path) return undefined;
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), json);
}

const matches = (rules: ResponseRule[], status: number, code: string | undefined) =>
  rules.some((rule) => (!rule.status || rule.status.includes(status)) && (!rule.codes || (code !== undefined && rule.codes.includes(code))));

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Sends an SMS through an HTTP gateway described as data: builds the request from the description's
 * mapping, and reads the answer by its rules (delivered, permanent, temporary; anything else is a
 * technical failure). The message id goes in {{messageId}} so a gateway that dedupes on a request id
 * sees a retry as the same message.
 */
export class HttpSmsTransport implements Transport {
  readonly name: string;

  constructor(private readonly gateway: SmsGateway) {
    this.name = gateway.description.name;
  }

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    const { description, values } = this.gateway;
    const request = description.request;
    const text = description.stripDiacritics ? stripDiacritics(message.body) : message.body;
    const filled = { ...values, phone: formatPhone(message.recipient, description.phoneFormat), text, messageId: message.id };
    const fields = fill(request.body, filled) as Record<string, unknown>;
    const url = new URL(fill(this.gateway.url, filled) as string);
    const headers = fill(request.headers ?? {}, filled) as Record<string, string>;
    let body: string | undefined;
    if (request.format === 'json') {
      body = JSON.stringify(fields);
      headers['content-type'] ??= 'application/json';
    } else if (request.format === 'form') {
      body = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else {
      for (const [key, value] of Object.entries(fields)) url.searchParams.set(key, String(value));
    }

    let response: Response;
    let answer: string;
    try {
      response = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
      answer = await response.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const code = cause?.code ?? (error as Error).name;
      return { status: 'technical-failure', responseCode: code, detail: clip((error as Error).message) };
    }
    let json: unknown;
    try {
      json = answer ? JSON.parse(answer) : undefined;
    } catch {
      json = undefined;
    }
    const rawCode = at(json, description.response.codePath);
    const code = rawCode === undefined || rawCode === null ? undefined : String(rawCode);
    const responseCode = `HTTP ${response.status}${code !== undefined ? ` ${code}` : ''}`.slice(0, 64);
    const detail = clip(answer);
    const rules = description.response;
    if (matches(rules.delivered, response.status, code)) {
      const reference = at(json, rules.messageIdPath);
      return { status: 'delivered', responseCode, detail, providerReference: reference === undefined ? undefined : String(reference) };
    }
    if (matches(rules.permanent, response.status, code)) return { status: 'permanent-failure', responseCode, detail };
    if (matches(rules.temporary, response.status, code)) {
      return { status: 'temporary-failure', responseCode, detail, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    }
    return { status: 'technical-failure', responseCode, detail };
  }
}
