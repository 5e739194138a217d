import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { JobPayloads, QUEUES, QuietlyClosingQueueEvents, redisOptions } from '@motcua/messaging';

/** How a wait for a command's job ended: with the job's answer, or without (final failure, timeout, shutdown). */
export type CommandCompletion = { finished: true; answer: unknown } | { finished: false };

/** A wait registered before its job is queued, so the job cannot finish unseen. */
export interface PendingCompletion {
  readonly result: Promise<CommandCompletion>;
  cancel(): void;
}

type Settle = (completion: CommandCompletion) => void;

/**
 * One listener per process on the command queue's event stream, shared by every request waiting for
 * its command: a wait costs a map entry and a timer, not its own subscription and status check.
 * The listener starts reading the stream from its last entry before it connected, so it misses no
 * job that finishes after it was asked to listen.
 */
@Injectable()
export class CommandCompletions implements OnModuleDestroy {
  private readonly logger = new Logger(CommandCompletions.name);
  private readonly waiting = new Map<string, Set<Settle>>();
  private events?: Promise<QueueEvents>;

  constructor(
    @InjectQueue(QUEUES.workflowCommands) private readonly queue: Queue<JobPayloads['apply-command']>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Resolves once completions are being read (connecting on first use). */
  async listen(): Promise<void> {
    this.events ??= this.connect().catch((error: unknown) => {
      this.events = undefined;
      throw error;
    });
    await this.events;
  }

  /** Waits up to `ms` for the job of `commandId`; call it before queueing the job. */
  expect(commandId: string, ms: number): PendingCompletion {
    let settle!: Settle;
    const result = new Promise<CommandCompletion>((resolve) => (settle = resolve));
    const finish: Settle = (completion) => {
      clearTimeout(timer);
      this.forget(commandId, finish);
      settle(completion);
    };
    const timer = setTimeout(() => finish({ finished: false }), ms);
    const waiters = this.waiting.get(commandId) ?? new Set<Settle>();
    waiters.add(finish);
    this.waiting.set(commandId, waiters);
    return { result, cancel: () => finish({ finished: false }) };
  }

  async onModuleDestroy(): Promise<void> {
    for (const waiters of [...this.waiting.values()]) for (const finish of [...waiters]) finish({ finished: false });
    const events = await this.events?.catch(() => undefined);
    await events?.close();
  }

  private async connect(): Promise<QueueEvents> {
    const events = new QuietlyClosingQueueEvents(QUEUES.workflowCommands, {
      connection: redisOptions(this.config.redis.url!),
      prefix: this.config.redis.queuePrefix,
      lastEventId: await this.lastEventId(),
    });
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, { finished: true, answer: returnvalue }));
    // Emitted only once a job has no attempts left: its command stays pending in PostgreSQL.
    events.on('failed', ({ jobId }) => this.settle(jobId, { finished: false }));
    events.on('error', (error) => this.logger.warn({ err: error }, 'workflow command events: Redis error'));
    try {
      await events.waitUntilReady();
    } catch (error) {
      await events.close().catch(() => undefined);
      throw error;
    }
    return events;
  }

  /** The id of the event stream's last entry ('0-0' when it is empty): reading after it misses nothing that follows. */
  private async lastEventId(): Promise<string> {
    // The queue's connection is an ioredis client (built from redisOptions), which has XREVRANGE.
    const client = (await this.queue.client) as unknown as Pick<Redis, 'xrevrange'>;
    const [last] = await client.xrevrange(this.queue.keys.events, '+', '-', 'COUNT', 1);
    return last?.[0] ?? '0-0';
  }

  /** The job id of a command job is its command id. */
  private settle(jobId: string, completion: CommandCompletion): void {
    const waiters = this.waiting.get(jobId);
    if (waiters) for (const finish of [...waiters]) finish(completion);
  }

  private forget(commandId: string, finish: Settle): void {
    const waiters = this.waiting.get(commandId);
    waiters?.delete(finish);
    if (waiters?.size === 0) this.waiting.delete(commandId);
  }
}
