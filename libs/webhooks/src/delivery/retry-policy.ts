const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** How a failing delivery is retried and when an endpoint counts as failing for good. */
export interface WebhookRetryPolicy {
  /** Wait before retry n (n = 1…length); after the last retry fails, the delivery is dead. */
  backoffMs: readonly number[];
  /** Each wait is spread by ± this fraction, so deliveries that failed together do not retry in lockstep. */
  jitter: number;
  /** A receiver's Retry-After is honoured up to this long. */
  maxRetryAfterMs: number;
  /** Sustained failure: at least this many failed attempts in a row on the endpoint … */
  disableAfterFailures: number;
  /** … the first of them longer ago than this; the endpoint is then disabled and the admins told. */
  disableAfterMs: number;
}

/** 10 attempts over about 19 hours (± jitter); an endpoint failing for 12 hours is disabled. */
export const DEFAULT_RETRY_POLICY: WebhookRetryPolicy = {
  backoffMs: [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 8 * HOUR],
  jitter: 0.2,
  maxRetryAfterMs: 8 * HOUR,
  disableAfterFailures: 10,
  disableAfterMs: 12 * HOUR,
};

/** Injection token: the worker's policy (tests provide a fast one). */
export const WEBHOOK_RETRY_POLICY = Symbol('WEBHOOK_RETRY_POLICY');

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * SECOND;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/**
 * How long to wait after the given failed attempt (1 = the first try), or null when the schedule is
 * spent. A Retry-After is a "not before": we never come back sooner than asked nor sooner than our
 * own schedule, and never later than maxRetryAfterMs (or the schedule step, if longer).
 */
export function retryDelayMs(
  policy: WebhookRetryPolicy,
  failedAttempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  if (failedAttempt > policy.backoffMs.length) return null;
  const step = policy.backoffMs[failedAttempt - 1];
  const jittered = Math.round(step * (1 + policy.jitter * (2 * random() - 1)));
  if (retryAfterMs === undefined) return jittered;
  return Math.min(Math.max(jittered, retryAfterMs), Math.max(jittered, policy.maxRetryAfterMs));
}

/** Whether an endpoint's failure streak is long and old enough to disable it. */
export function isSustainedFailure(policy: WebhookRetryPolicy, consecutiveFailures: number, failingSince: Date, now: Date): boolean {
  return consecutiveFailures >= policy.disableAfterFailures && now.getTime() - failingSince.getTime() > policy.disableAfterMs;
}
