/** How one item of a batch ended: null when it went well, else why it failed. */
export type ItemOutcome = Error | null;

interface Waiting<Item> {
  item: Item;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Groups the items handed in while earlier groups are being handled, so a busy consumer makes one
 * round trip for many items while an idle one handles each item at once, without waiting for company.
 * At most `maxRunning` groups of at most `maxSize` items are handled at a time.
 */
export class Batcher<Item> {
  private readonly waiting: Waiting<Item>[] = [];
  private running = 0;

  constructor(
    /** Handles a group; returns the outcome of each item, in order. */
    private readonly handle: (items: Item[]) => Promise<ItemOutcome[]>,
    private readonly maxSize: number,
    private readonly maxRunning: number,
  ) {}

  /** Resolves once the item's group is handled, or rejects with the item's own error. */
  add(item: Item): Promise<void> {
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

  private async run(group: Waiting<Item>[]): Promise<void> {
    this.running += 1;
    try {
      const outcomes = await this.handle(group.map((entry) => entry.item));
      group.forEach((entry, i) => (outcomes[i] ? entry.reject(outcomes[i]) : entry.resolve()));
    } catch (error) {
      for (const entry of group) entry.reject(error as Error);
    } finally {
      this.running -= 1;
      this.startGroups();
    }
  }
}
