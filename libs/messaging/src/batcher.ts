/** How one item of a batch ended: its result, or the error it failed with. */
export type ItemOutcome<Result = void> = Result | Error;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
  addedAt: number;
  /** Failed at its deadline: its group's late outcome settles nothing. */
  timedOut?: boolean;
}

/** What an item that outlived the batcher's deadline fails with: a timeout, which the API answers with 503. */
function deadlinePassed(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' });
}

/**
 * Groups the items handed in while earlier groups are being handled, so a busy consumer makes one
 * round trip for many items while an idle one handles each item at once, without waiting for company.
 * At most `maxRunning` groups of at most `maxSize` items are handled at a time.
 *
 * With a deadline, an item fails with ETIMEDOUT once it has waited that long since it was added (a
 * fifth more at most), whether for a group to take it or for its group's answer: while a round trip
 * hangs, callers get a quick "retry later" instead of waiting with it. A hung group keeps its slot
 * until it really ends, so hung round trips never hold more than `maxRunning` connections. One watch
 * timer per batcher, running only while items are in, checks the deadlines: no timer per item.
 */
export class Batcher<Item, Result = void> {
  private readonly waiting: Waiting<Item, Result>[] = [];
  private readonly running = new Set<Waiting<Item, Result>[]>();
  private watch?: NodeJS.Timeout;

  constructor(
    /** Handles a group; returns the outcome of each item, in order (an Error fails that item alone). */
    private readonly handle: (items: Item[]) => Promise<ItemOutcome<Result>[]>,
    private readonly maxSize: number,
    private readonly maxRunning: number,
    private readonly deadlineMs?: number,
  ) {}

  /** Resolves with the item's result once its group is handled, or rejects with the item's own error. */
  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject, addedAt: Date.now() });
      this.startGroups();
      this.watchDeadlines();
    });
  }

  private startGroups(): void {
    while (this.running.size < this.maxRunning && this.waiting.length) {
      void this.run(this.waiting.splice(0, this.maxSize));
    }
  }

  private async run(group: Waiting<Item, Result>[]): Promise<void> {
    this.running.add(group);
    try {
      const outcomes = await this.handle(group.map((entry) => entry.item));
      group.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome instanceof Error) entry.reject(outcome);
        else entry.resolve(outcome);
      });
    } catch (error) {
      for (const entry of group) entry.reject(error as Error);
    } finally {
      this.running.delete(group);
      this.startGroups();
    }
  }

  private watchDeadlines(): void {
    const ms = this.deadlineMs;
    if (ms === undefined || this.watch) return;
    this.watch = setInterval(() => this.failOverdue(ms), Math.max(10, ms / 5));
    this.watch.unref();
  }

  private failOverdue(ms: number): void {
    const cutoff = Date.now() - ms;
    // Items wait in the order they came, so the overdue ones are at the front.
    while (this.waiting.length && this.waiting[0].addedAt <= cutoff) this.waiting.shift()!.reject(deadlinePassed(ms));
    for (const group of this.running) {
      for (const entry of group) {
        if (entry.timedOut || entry.addedAt > cutoff) continue;
        entry.timedOut = true;
        entry.reject(deadlinePassed(ms)); // settled now: the group's late outcome changes nothing
      }
    }
    if (!this.waiting.length && !this.running.size) {
      clearInterval(this.watch);
      this.watch = undefined;
    }
  }
}
