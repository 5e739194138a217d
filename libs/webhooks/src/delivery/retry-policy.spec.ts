import { DEFAULT_RETRY_POLICY, isSustainedFailure, parseRetryAfter, retryDelayMs } from './retry-policy';

describe('webhook retry policy', () => {
  const policy = DEFAULT_RETRY_POLICY;
  const middle = () => 0.5;

  it('spreads ten attempts over about a day', () => {
    const total = policy.backoffMs.reduce((sum, ms) => sum + ms, 0);
    expect(policy.backoffMs).toHaveLength(9);
    expect(total / 3_600_000).toBeGreaterThan(18);
    expect(total / 3_600_000).toBeLessThan(24);
  });

  it('backs off exponentially with jitter, then gives up', () => {
    expect(retryDelayMs(policy, 1, undefined, middle)).toBe(5_000);
    expect(retryDelayMs(policy, 2, undefined, middle)).toBe(30_000);
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(4_000);
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(6_000);
    expect(retryDelayMs(policy, 9, undefined, middle)).toBe(8 * 3_600_000);
    expect(retryDelayMs(policy, 10, undefined, middle)).toBeNull();
  });

  it('honours Retry-After as a not-before, capped', () => {
    expect(retryDelayMs(policy, 1, 120_000, middle)).toBe(120_000);
    expect(retryDelayMs(policy, 3, 1_000, middle)).toBe(120_000);
    expect(retryDelayMs(policy, 1, 3 * 86_400_000, middle)).toBe(8 * 3_600_000);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = new Date('2026-01-05T02:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 02:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 01:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('calls a failure sustained when it is both long and old enough', () => {
    const now = new Date('2026-01-05T14:00:01Z');
    const since = new Date('2026-01-05T02:00:00Z');
    expect(isSustainedFailure(policy, 10, since, now)).toBe(true);
    expect(isSustainedFailure(policy, 9, since, now)).toBe(false);
    expect(isSustainedFailure(policy, 50, new Date('2026-01-05T03:00:00Z'), now)).toBe(false);
  });
});
