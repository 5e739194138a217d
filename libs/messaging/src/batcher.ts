/** How one item of a batch ended: its result, or the error it failed with. */
export type ItemOutcome<Result = void> = Result | Error;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

/**
 * Groups the items handed in while earlier groups are being handled, so a busy consumer makes one
 * round trip for many items while an idle one handles each item at once, without waiting for company.
 * At most `maxRunning` groups of at most `maxSize` items are handled at a time.
 */
export class Batcher<Item, Result = void> {
  private readonly waiting: Waiting<Item, Result>[] = [];
  private running = 0;

  constructor(
    /** Handles a group; returns the outcome of each item, in order (an Error fails that item alone). */
    private readonly handle: (items: Item[]) => Promise<ItemOutcome<Result>[]>,
    private readonly maxSize: number,
    private readonly maxRunning: number,
  ) {}

  /** Resolves with the item's result once its group is handled, or rejects with the item's own error. */
  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.running < this.maxRunning && this.waiting.length) {
      void this.run(this.waiting.splice(0, this.maxSize));
    }
  }

  private async run(group: Waiting<Item, Result>[]): Promise<void> {
    this.running += 1;
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
      this.running -= 1;
      this.startGroups();
    }
  }
}
