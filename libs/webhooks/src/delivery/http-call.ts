import { lookup as dnsLookup } from 'node:dns';
import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { ipLiteral, refusedAddress, UrlPolicy } from '../url-policy/webhook-url';

/** How much of an answer the delivery log keeps. */
export const RESPONSE_LOG_BYTES = 1024;

export interface WebhookCall {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: UrlPolicy;
}

export interface WebhookAnswer {
  startedAt: Date;
  durationMs: number;
  /** Null when no answer came (refused address, connection error, timeout before the headers). */
  statusCode: number | null;
  retryAfter?: string;
  /** The first KiB of the body. */
  responseBody: string | null;
  error: string | null;
}

class RefusedAddressError extends Error {
  readonly code = 'EWEBHOOKADDRESS';
}

/**
 * Resolves like dns.lookup but fails when any address is internal: checking at connect time, on the
 * addresses actually used, defeats a name that resolved to a public address when the URL was saved.
 */
function guardedLookup(policy: UrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.map((a) => refusedAddress(a.address, policy)).find(Boolean);
      if (refused) return callback(new RefusedAddressError(`refused: ${refused}`), '', 0);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function describe(error: Error & { code?: string }, timeoutMs: number): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  return (error.code ? `${error.code}: ${error.message}` : error.message).slice(0, 500);
}

/** Keeps the log readable and storable: PostgreSQL text refuses NUL characters. */
function logText(chunks: Buffer[]): string {
  return Buffer.concat(chunks).subarray(0, RESPONSE_LOG_BYTES).toString('utf8').replaceAll('\u0000', '');
}

/**
 * Kept-alive connections, one pool per policy: a portal receiving a steady stream of events is
 * called over a few open connections rather than a new one per event. Reusing a connection is as
 * safe as opening it: its address was checked when it connected, and it stays with that address.
 * Idle connections close before the common 5-second server timeout; one the receiver closed first
 * is noticed on reuse and the call goes again, once, on a new connection (see callWebhook).
 */
const IDLE_CONNECTION_MS = 4_000;
const agents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();

function agentsFor(policy: UrlPolicy): { http: HttpAgent; https: HttpsAgent } {
  const key = JSON.stringify(policy);
  let pair = agents.get(key);
  if (!pair) {
    const options = { keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo' as const };
    pair = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    agents.set(key, pair);
  }
  return pair;
}

type CallOutcome = Omit<WebhookAnswer, 'startedAt' | 'durationMs'> & {
  /** A reset on a reused kept-alive connection: most likely the receiver had closed it and the request never arrived. */
  staleConnection?: boolean;
};

/**
 * POSTs one signed webhook. Never throws: every outcome (answer, refusal, network error, timeout)
 * comes back as a WebhookAnswer for the delivery log. Redirects are not followed (a 3xx is a
 * failure), so a public endpoint cannot bounce the call to an internal address.
 */
export async function callWebhook(call: WebhookCall): Promise<WebhookAnswer> {
  const startedAt = new Date();
  const target = new URL(call.url);
  const literal = ipLiteral(target.hostname);
  const refused = literal ? refusedAddress(literal, call.policy) : null;
  if (refused) return { startedAt, durationMs: 0, statusCode: null, responseBody: null, error: `refused: ${refused}` };

  const deadline = AbortSignal.timeout(call.timeoutMs);
  let outcome = await post(call, target, deadline, 'pooled');
  // Once, on a connection of its own: a receiver that took the request and then dropped the
  // connection without answering gets it twice at most, not once per pooled connection.
  if (outcome.staleConnection) outcome = await post(call, target, deadline, 'new');
  const { staleConnection: _stale, ...answer } = outcome;
  return { startedAt, durationMs: Date.now() - startedAt.getTime(), ...answer };
}

function post(call: WebhookCall, target: URL, deadline: AbortSignal, connection: 'pooled' | 'new'): Promise<CallOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: CallOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const pooled = agentsFor(call.policy)[secure ? 'https' : 'http'];
    const request = send(
      target,
      {
        method: 'POST',
        agent: connection === 'pooled' ? pooled : false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(call.body),
          'user-agent': 'Motcua-Webhooks/1',
          ...call.headers,
        },
        signal: deadline,
        lookup: call.policy.allowPrivate ? undefined : guardedLookup(call.policy),
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          settle({
            statusCode: response.statusCode ?? null,
            retryAfter: response.headers['retry-after'],
            responseBody: logText(chunks),
            error: null,
          });
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          // The status is what counts; past the logged KiB the rest of the body is not worth waiting for.
          if (size >= RESPONSE_LOG_BYTES) {
            done();
            response.destroy();
          }
        });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    request.on('error', (error: Error & { code?: string }) =>
      settle({
        statusCode: null,
        responseBody: null,
        error: describe(error, call.timeoutMs),
        staleConnection: request.reusedSocket && error.code === 'ECONNRESET',
      }),
    );
    request.end(call.body);
  });
}
