import { Queue } from 'bullmq';

/**
 * Clears what would stop a job id from being queued again: a job that already failed or completed,
 * or one whose entry lost its place in every list (partial key loss, e.g. eviction) and so would
 * never run. A job still waiting, delayed or running is left alone, so it is not duplicated.
 */
export async function clearForRequeue(queue: Queue, jobIds: string[]): Promise<void> {
  for (const id of jobIds) {
    const job = await queue.getJob(id);
    if (!job) continue;
    const state = await job.getState();
    if (state === 'failed' || state === 'completed' || state === 'unknown') {
      await queue.remove(id).catch(() => undefined);
    }
  }
}
