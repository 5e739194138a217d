import type { Channel } from '../entities';

/** What a transport needs to hand one message to its provider. */
export interface OutgoingMessage {
  id: string;
  channel: Channel;
  /** E-mail address, or phone number as stored (0xxxxxxxxx). */
  recipient: string;
  subject: string | null;
  body: string;
}

export type AttemptOutcome = 'delivered' | 'temporary-failure' | 'permanent-failure' | 'technical-failure';

/**
 * How one attempt ended, in the provider-neutral terms of the message status model:
 *  - delivered: the provider accepted the message (SMTP 250, the gateway's success answer);
 *  - temporary-failure: the provider could not take it now (SMTP 4xx, HTTP 429/503…): retried with backoff;
 *  - permanent-failure: the provider refused this recipient for good (SMTP 5xx on the recipient, an invalid number):
 *    never retried; an SMS then falls back to e-mail;
 *  - technical-failure: we could not reach or understand the provider (network, timeout, an unexpected answer): retried.
 */
export interface SendOutcome {
  status: AttemptOutcome;
  /** Short provider answer: "250", "HTTP 400 INVALID_NUMBER", "ECONNREFUSED". */
  responseCode?: string;
  detail?: string;
  providerReference?: string;
  /** The provider asked us to wait at least this long (Retry-After). */
  retryAfterMs?: number;
}

export interface Transport {
  /** Recorded on every attempt: smtp, console, or the SMS gateway's name. */
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close?(): Promise<void>;
}

/** Keeps stored provider answers short: they are for people reading a delivery log. */
export function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
