import { Batcher, ItemOutcome } from './batcher';

/** A handler whose groups finish when the test says so. */
function controlledHandler() {
  const groups: { items: string[]; finish: (outcomes?: ItemOutcome[]) => void; fail: (error: Error) => void }[] = [];
  const handle = (items: string[]) =>
    new Promise<ItemOutcome[]>((resolve, reject) => {
      groups.push({ items, finish: (outcomes) => resolve(outcomes ?? items.map(() => undefined)), fail: reject });
    });
  return { groups, handle };
}

const settled = async <T>(promise: Promise<T>) => promise.then(() => 'resolved', (error: Error) => error.message);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Batcher', () => {
  it('handles an item at once when nothing else is running', async () => {
    const { groups, handle } = controlledHandler();
    const batcher = new Batcher(handle, 10, 1);
    const done = batcher.add('a');
    expect(groups.map((g) => g.items)).toEqual([['a']]);
    groups[0].finish();
    expect(await settled(done)).toBe('resolved');
  });

  it('groups the items that arrive while the running groups are busy, up to the size limit', async () => {
    const { groups, handle } = controlledHandler();
    const batcher = new Batcher(handle, 2, 1);
    const results = ['a', 'b', 'c', 'd'].map((item) => batcher.add(item));
    expect(groups.map((g) => g.items)).toEqual([['a']]);
    groups[0].finish();
    await tick();
    expect(groups.map((g) => g.items)).toEqual([['a'], ['b', 'c']]);
    groups[1].finish();
    await tick();
    expect(groups.map((g) => g.items)).toEqual([['a'], ['b', 'c'], ['d']]);
    groups[2].finish();
    expect(await Promise.all(results.map(settled))).toEqual(['resolved', 'resolved', 'resolved', 'resolved']);
  });

  it('runs several groups at once when allowed', () => {
    const { groups, handle } = controlledHandler();
    const batcher = new Batcher(handle, 10, 2);
    for (const item of ['a', 'b', 'c']) void batcher.add(item);
    expect(groups.map((g) => g.items)).toEqual([['a'], ['b']]);
  });

  it("settles each item with its own outcome, and every item with the group's error when the group fails", async () => {
    const { groups, handle } = controlledHandler();
    const batcher = new Batcher(handle, 10, 1);
    const first = batcher.add('a');
    const [b, c] = [batcher.add('b'), batcher.add('c')];
    groups[0].fail(new Error('database down'));
    expect(await settled(first)).toBe('database down');
    await tick();
    groups[1].finish([new Error('b is broken'), undefined]);
    expect([await settled(b), await settled(c)]).toEqual(['b is broken', 'resolved']);
  });

  it('hands each item its own result', async () => {
    const batcher = new Batcher<string, string>(async (items) => items.map((item) => item.toUpperCase()), 10, 1);
    expect(await Promise.all(['a', 'b', 'c'].map((item) => batcher.add(item)))).toEqual(['A', 'B', 'C']);
  });

  it('fails with ETIMEDOUT both the items of a hung group and the items waiting behind it', async () => {
    const { handle } = controlledHandler();
    const batcher = new Batcher(handle, 1, 1, 20);
    const outcomes = await Promise.all(['a', 'b', 'c'].map((item) => batcher.add(item).catch((error: NodeJS.ErrnoException) => error.code)));
    expect(outcomes).toEqual(['ETIMEDOUT', 'ETIMEDOUT', 'ETIMEDOUT']);
  });

  it("keeps a hung group's slot until it ends, failing in time what waits behind it, and ignores its late answer", async () => {
    const { groups, handle } = controlledHandler();
    const batcher = new Batcher(handle, 10, 1, 20);
    const hung = batcher.add('a');
    await expect(hung).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    const behind = batcher.add('b');
    await expect(behind).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(groups.map((g) => g.items)).toEqual([['a']]); // no second round trip while the first hangs

    groups[0].finish(); // the hung round trip ends at last: its slot serves the next item
    await tick();
    const next = batcher.add('c');
    expect(groups.map((g) => g.items)).toEqual([['a'], ['c']]);
    groups[1].finish();
    expect(await settled(next)).toBe('resolved');
    expect(await settled(hung)).toMatch(/no answer within/);
  });

  it("counts an item's deadline from when it was added, not from when its group started", async () => {
    jest.useFakeTimers();
    try {
      const { groups, handle } = controlledHandler();
      const batcher = new Batcher(handle, 10, 1, 60);
      const first = batcher.add('a');
      await jest.advanceTimersByTimeAsync(10);
      let failed: string | undefined;
      void batcher.add('b').catch((error: NodeJS.ErrnoException) => (failed = error.code)); // added at 10 ms
      await jest.advanceTimersByTimeAsync(40);
      groups[0].finish(); // at 50 ms 'b' starts its own round trip, which hangs
      await jest.advanceTimersByTimeAsync(0);
      expect(groups.map((g) => g.items)).toEqual([['a'], ['b']]);
      await jest.advanceTimersByTimeAsync(35); // 85 ms: past 10 + 60 (and a watch tick), short of 50 + 60
      expect(failed).toBe('ETIMEDOUT');
      expect(await settled(first)).toBe('resolved');
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets a group answer in time settle its items normally when a deadline is set', async () => {
    const batcher = new Batcher<string, string>(async (items) => items.map((item) => item + '!'), 10, 1, 1_000);
    expect(await Promise.all(['a', 'b'].map((item) => batcher.add(item)))).toEqual(['a!', 'b!']);
  });
});
