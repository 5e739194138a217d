import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/**
 * Runs `sweep()` every few seconds, never twice at once, and waits for a sweep in flight on shutdown.
 * The sweepers that re-queue work Redis may have lost (commands, deliveries, messages) extend it.
 */
export abstract class PeriodicSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger = new Logger(this.constructor.name);
  /** How often to sweep. */
  protected abstract readonly everyMs: number;
  /** What a sweep did, for the log line when it did something (e.g. "re-queued pending commands"). */
  protected abstract readonly doneMessage: string;
  /** Whether to sweep once at start-up too, not only after the first interval. */
  protected readonly sweepsAtStart: boolean = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  /** One sweep; returns how many items it handled. */
  abstract sweep(): Promise<number>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepOnce(), this.everyMs);
    this.timer.unref();
    if (this.sweepsAtStart) void this.sweepOnce();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweepOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.sweep().catch((error) => {
      this.logger.warn({ err: error }, `sweep failed: ${this.doneMessage}`);
      return 0;
    });
    const count = await this.running;
    this.running = undefined;
    if (count) this.logger.log({ count }, this.doneMessage);
  }
}
