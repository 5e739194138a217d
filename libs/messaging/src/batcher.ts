/** How one item of a batch ended: its result, or the error it failed with. */
export type ItemOutcome<Result = void> = Result | Error;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
  addedAt: number;
}

interface RunningGroup<Item, Result> {
  entries: Waiting<Item, Result>[];
  startedAt: number;
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
 * With a deadline, an item fails with ETIMEDOUT once it has waited that long (a fifth more at most),
 * whether for a group to take it or for its group's answer, and a group that overruns gives its slot
 * back: one hung round trip costs the requests it carried, not every later one. One watch timer per
 * batcher, running only while items are in, checks the deadlines: no timer per item.
 */
export class Batcher<Item, Result = void> {
  private readonly waiting: Waiting<Item, Result>[] = [];
  private readonly running = new Set<RunningGroup<Item, Result>>();
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

  private async run(entries: Waiting<Item, Result>[]): Promise<void> {
    const group = { entries, startedAt: Date.now() };
    this.running.add(group);
    try {
      const outcomes = await this.handle(entries.map((entry) => entry.item));
      if (!this.running.has(group)) return; // past its deadline: its items have failed already
      entries.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome instanceof Error) entry.reject(outcome);
        else entry.resolve(outcome);
      });
    } catch (error) {
      if (this.running.has(group)) for (const entry of entries) entry.reject(error as Error);
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
      if (group.startedAt > cutoff) continue;
      this.running.delete(group); // its slot is free; a late answer settles nothing
      for (const entry of group.entries) entry.reject(deadlinePassed(ms));
    }
    this.startGroups();
    if (!this.waiting.length && !this.running.size) {
      clearInterval(this.watch);
      this.watch = undefined;
    }
  }
}
