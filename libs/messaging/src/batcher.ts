/** How one item of a batch ended: its result, or the error it failed with. */
export type ItemOutcome<Result = void> = Result | Error;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
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
 * With a deadline, an item fails with ETIMEDOUT once it has waited that long, whether for a group to
 * take it or for its group's answer, and a group that overruns gives its slot back: one hung round
 * trip costs the requests it carried, not every later one.
 */
export class Batcher<Item, Result = void> {
  private readonly waiting: Waiting<Item, Result>[] = [];
  private running = 0;

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
      const entry: Waiting<Item, Result> = { item, resolve, reject };
      if (this.deadlineMs !== undefined) this.setDeadline(entry, this.deadlineMs);
      this.waiting.push(entry);
      this.startGroups();
    });
  }

  private setDeadline(entry: Waiting<Item, Result>, ms: number): void {
    const { resolve, reject } = entry;
    const timer = setTimeout(() => {
      const index = this.waiting.indexOf(entry);
      if (index >= 0) this.waiting.splice(index, 1);
      reject(deadlinePassed(ms)); // a late outcome of its group then settles nothing
    }, ms);
    timer.unref();
    entry.resolve = (result) => (clearTimeout(timer), resolve(result));
    entry.reject = (error) => (clearTimeout(timer), reject(error));
  }

  private startGroups(): void {
    while (this.running < this.maxRunning && this.waiting.length) {
      void this.run(this.waiting.splice(0, this.maxSize));
    }
  }

  private async run(group: Waiting<Item, Result>[]): Promise<void> {
    this.running += 1;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handled = this.handle(group.map((entry) => entry.item));
      const ms = this.deadlineMs;
      const overrun = new Promise<never>((_, reject) => {
        if (ms !== undefined) timer = setTimeout(() => reject(deadlinePassed(ms)), ms);
      });
      const outcomes = await Promise.race([handled, overrun]); // race also catches a late failure of `handled`
      group.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome instanceof Error) entry.reject(outcome);
        else entry.resolve(outcome);
      });
    } catch (error) {
      for (const entry of group) entry.reject(error as Error);
    } finally {
      clearTimeout(timer);
      this.running -= 1;
      this.startGroups();
    }
  }
}
