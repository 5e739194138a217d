/** Never wait longer than this between two attempts, whatever the doubling or Retry-After says. */
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * Delay before the attempt after `attemptsMade` failures: base × 2^(n−1) with ±10 % jitter (so
 * messages failing together do not retry together), at least what the provider asked for.
 */
export function retryDelayMs(attemptsMade: number, baseMs: number, providerAskedMs = 0, random = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
  const jittered = exponential * (0.9 + 0.2 * random());
  return Math.min(MAX_DELAY_MS, Math.max(jittered, providerAskedMs));
}
