import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FilesService, RemovedFiles } from './files.service';
import { FILE_STORAGE, FileStorage } from './storage/file-storage';

export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** An upload not attached to a dossier within a day is abandoned. */
export const UNATTACHED_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Single-key advisory lock: one replica sweeps at a time, the others skip their turn. */
export const SWEEP_LOCK_KEY = 7_246_003;

export interface SweepReport extends RemovedFiles {
  /** Leftovers of interrupted uploads removed from the storage. */
  incomplete: number;
}

/** Every hour, removes abandoned uploads (see FilesService.removeUnattached). */
@Injectable()
export class FilesSweeper implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('FilesSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepReport | undefined> | undefined;

  constructor(
    private readonly files: FilesService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // unref(): the timer alone never keeps a process (or a test run) alive.
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running; // let a pass finish before the connections close
  }

  /** One pass; undefined when another replica is sweeping or the pass failed (logged). */
  sweep(now = new Date()): Promise<SweepReport | undefined> {
    this.running ??= this.sweepUnderLock(now)
      .catch((error) => {
        this.logger.error({ err: error }, 'file sweep failed');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async sweepUnderLock(now: Date): Promise<SweepReport | undefined> {
    // A session lock needs its own connection: taken and released on the same one.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [SWEEP_LOCK_KEY]);
      if (!locked) return undefined;
      try {
        return await this.removeAbandoned(new Date(now.getTime() - UNATTACHED_LIFETIME_MS));
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private async removeAbandoned(olderThan: Date): Promise<SweepReport> {
    const removed = await this.files.removeUnattached(olderThan);
    const incomplete = (await this.storage.removeIncomplete?.(olderThan)) ?? 0;
    const report = { ...removed, incomplete };
    if (report.files + report.blobs + report.incomplete > 0) this.logger.log(report, 'removed abandoned uploads');
    return report;
  }
}
