import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CommandApplier } from '../engine/command-applier.service';
import { EngineClock } from '../engine/engine-clock';
import { DossierTimers } from './dossier-timers.service';

/** How often the engine looks for deadlines a lost wake-up job missed. */
export const TIMER_SCAN_EVERY_MS = 10_000;

/**
 * Fires timers (from a wake-up job or the periodic scan) and applies the automatic actions
 * they produce. Every engine replica scans; row locks and marks make firing happen once.
 */
@Injectable()
export class TimerRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TimerRunner.name);
  private interval?: NodeJS.Timeout;
  private scanning?: Promise<void>;

  constructor(
    private readonly timers: DossierTimers,
    private readonly applier: CommandApplier,
    private readonly clock: EngineClock,
  ) {}

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => {
      this.scanning ??= this.scanOnce().finally(() => (this.scanning = undefined));
    }, TIMER_SCAN_EVERY_MS);
    this.interval.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.interval);
    await this.scanning;
  }

  async wake(dossierId: string, now = this.clock.now()): Promise<void> {
    await this.applyAll(await this.timers.fire(dossierId, now));
  }

  async scanOnce(now = this.clock.now()): Promise<void> {
    try {
      await this.applyAll(await this.timers.scan(now));
    } catch (error) {
      this.logger.warn({ err: error }, 'timer scan failed');
    }
  }

  private async applyAll(commandIds: string[]): Promise<void> {
    for (const commandId of commandIds) await this.applier.apply(commandId);
  }
}
