import type { EventEmitter } from 'node:events';
import { TEST_REDIS_URL } from '@motcua/testing';
import { QuietlyClosingQueue, QuietlyClosingQueueEvents, QuietlyClosingWorker } from './quiet-close';
import { redisOptions } from './redis';

const options = { connection: redisOptions(TEST_REDIS_URL), prefix: '{t-quiet-close}' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Owner = { close(): Promise<void> };

/**
 * Closes owners 1–2 ms after creating them, when their connection's INFO check is in flight (with
 * BullMQ's own classes this lets "Connection is closed" escape as an unhandled error, which fails
 * the test), and returns how many error listeners each dead connection kept.
 */
async function createAndClose(create: () => Owner): Promise<number[]> {
  const kept: number[] = [];
  for (let i = 0; i < 30; i++) {
    const owner = create();
    await pause(1 + (i % 2));
    await owner.close();
    kept.push((owner as unknown as { connection: EventEmitter }).connection.listenerCount('error'));
  }
  await pause(200); // late socket closes happen now
  return kept;
}

describe('closing a queue, worker or event listener right after creating it', () => {
  it.each([
    ['queue', () => new QuietlyClosingQueue('q', options)],
    ['queue events', () => new QuietlyClosingQueueEvents('q', options)],
    ['worker', () => new QuietlyClosingWorker('q', null, options)],
  ])('%s: a late "Connection is closed" is ignored, not thrown', async (_, create) => {
    const kept = await createAndClose(create);
    expect(kept.every((count) => count === 1)).toBe(true);
  });
});
