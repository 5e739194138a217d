import { attemptOutcome } from './attempt-outcome';
import type { WebhookAnswer } from './http-call';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

const now = new Date('2026-01-05T02:00:00Z');
const answer = (statusCode: number | null, extra: Partial<WebhookAnswer> = {}): WebhookAnswer => ({
  startedAt: now,
  durationMs: 12,
  statusCode,
  responseBody: '',
  error: statusCode === null ? 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' : null,
  ...extra,
});

describe('attempt outcome', () => {
  it('ends a delivery on any 2xx', () => {
    expect(attemptOutcome(answer(204), 1, DEFAULT_RETRY_POLICY, now)).toEqual({ status: 'succeeded', nextAttemptAt: null, gone: false, error: null });
  });

  it('retries errors, timeouts and non-2xx answers (redirects included) on the schedule', () => {
    for (const code of [500, 429, 302, 404, null]) {
      const outcome = attemptOutcome(answer(code), 2, DEFAULT_RETRY_POLICY, now, () => 0.5);
      expect(outcome).toMatchObject({ status: 'failed', nextAttemptAt: new Date(now.getTime() + 30_000), gone: false });
    }
    expect(attemptOutcome(answer(503), 1, DEFAULT_RETRY_POLICY, now).error).toBe('HTTP 503');
  });

  it('waits as long as Retry-After asks', () => {
    const outcome = attemptOutcome(answer(503, { retryAfter: '600' }), 1, DEFAULT_RETRY_POLICY, now, () => 0.5);
    expect(outcome.nextAttemptAt).toEqual(new Date(now.getTime() + 600_000));
  });

  it('gives up after the last step, and flags 410 Gone', () => {
    expect(attemptOutcome(answer(500), 10, DEFAULT_RETRY_POLICY, now)).toMatchObject({ status: 'dead', nextAttemptAt: null });
    expect(attemptOutcome(answer(410), 1, DEFAULT_RETRY_POLICY, now)).toMatchObject({ status: 'failed', gone: true });
  });
});
