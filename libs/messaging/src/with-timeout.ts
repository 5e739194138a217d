/**
 * Rejects when `promise` has not settled within `ms`. Redis calls need it: with
 * maxRetriesPerRequest: null (which BullMQ's blocking commands require) a command waits for as long
 * as Redis is away, and a caller that can do without the answer must not wait with it.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
