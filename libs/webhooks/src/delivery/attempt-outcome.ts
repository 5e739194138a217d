import type { WebhookAnswer } from './http-call';
import { parseRetryAfter, retryDelayMs, WebhookRetryPolicy } from './retry-policy';

export interface AttemptOutcome {
  status: 'succeeded' | 'failed' | 'dead';
  nextAttemptAt: Date | null;
  /** 410 Gone: the receiver wants no more calls; the endpoint is disabled. */
  gone: boolean;
  /** For the delivery row: what went wrong, in a few words. */
  error: string | null;
}

/** What an answer means for its delivery: done, retry at a time (backoff, Retry-After), or give up. */
export function attemptOutcome(answer: WebhookAnswer, attempt: number, policy: WebhookRetryPolicy, now: Date, random?: () => number): AttemptOutcome {
  const code = answer.statusCode;
  if (code !== null && code >= 200 && code < 300) return { status: 'succeeded', nextAttemptAt: null, gone: false, error: null };
  const error = answer.error ?? `HTTP ${code}`;
  const gone = code === 410;
  const delay = retryDelayMs(policy, attempt, parseRetryAfter(answer.retryAfter, now), random);
  if (delay === null) return { status: 'dead', nextAttemptAt: null, gone, error };
  return { status: 'failed', nextAttemptAt: new Date(now.getTime() + delay), gone, error };
}
