import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicSweeper } from '@motcua/messaging';
import { NotificationQueue } from '@motcua/notifications';

/** A message due this long ago without being taken has probably lost its job (Redis flushed, crash before queueing). */
const OVERDUE_AFTER_MS = 30_000;
const SWEEP_EVERY_MS = 10_000;
const BATCH = 500;

/**
 * Re-queues messages whose attempt is due but whose job seems lost: created and never queued,
 * a retry whose delayed job vanished with Redis, or an attempt abandoned by a killed worker.
 * PostgreSQL holds every message and its next attempt time, so losing Redis loses no message.
 * Every worker may sweep: the job id (message and attempt) queues an attempt once, and the sender
 * claims the row under a lock.
 */
@Injectable()
export class NotificationSweeper extends PeriodicSweeper {
  protected readonly everyMs = SWEEP_EVERY_MS;
  protected readonly doneMessage = 're-queued due messages';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: NotificationQueue,
  ) {
    super();
  }

  /** Queues the messages due more than `overdueAfterMs` ago; returns how many. */
  async sweep(overdueAfterMs = OVERDUE_AFTER_MS): Promise<number> {
    const due: { id: string; attempts: number }[] = await this.dataSource.query(
      `SELECT id, attempts FROM notification_messages
       WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= now() - make_interval(secs => $1)
       ORDER BY next_attempt_at LIMIT $2`,
      [overdueAfterMs / 1000, BATCH],
    );
    await this.queue.enqueue(due.map((message) => ({ messageId: message.id, attempt: message.attempts + 1 })));
    return due.length;
  }
}
