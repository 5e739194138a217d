import { Queue, QueueEvents, Worker } from 'bullmq';
import type { EventEmitter } from 'node:events';

/*
 * BullMQ (5.x) checks a new connection with an INFO command. When the owner is closed before that
 * answer arrives, close() removes every listener of the connection and only then does the socket's
 * close reject the INFO, which the connection re-emits as an 'error' nobody listens to: an unhandled
 * error that crashes a process stopping right after it started (taskforcesh/bullmq#3546).
 * After closing, these classes keep one listener that ignores such late errors of a dead connection.
 */

const ignore = (): void => undefined;

function ignoreLateErrors(owner: object): void {
  const { connection, blockingConnection } = owner as { connection?: EventEmitter; blockingConnection?: EventEmitter };
  for (const emitter of [connection, blockingConnection]) if (emitter && emitter.listenerCount('error') === 0) emitter.on('error', ignore);
}

export class QuietlyClosingQueue extends Queue {
  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      ignoreLateErrors(this);
    }
  }
}

export class QuietlyClosingWorker extends Worker {
  override async close(force?: boolean): Promise<void> {
    try {
      await super.close(force);
    } finally {
      ignoreLateErrors(this);
    }
  }
}

export class QuietlyClosingQueueEvents extends QueueEvents {
  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      ignoreLateErrors(this);
    }
  }
}
