import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { NamedStatement } from '../named-statement';
import { JobPayloads, QUEUES } from '../queues';
import { clearForRequeue } from '../requeue';

/** One relay publishes at a time (keeps per-dossier order); others stand by on this advisory lock. */
const RELAY_LOCK_KEY = 7_246_010;
const BATCH = 500;
const POLL_EVERY_MS = 500;
const STANDBY_RETRY_MS = 3_000;
/** A published event not fanned out after this long is published again (its job was lost). */
const REPUBLISH_AFTER_MS = 30_000;
const SWEEP_EVERY_MS = 10_000;
/**
 * A notification waits this long for others before publishing: under load one batch then carries the
 * events of several commits (one statement per batch, not per event), for a few milliseconds of latency.
 */
const GATHER_NOTIFICATIONS_MS = 5;
/** Events one publish job carries at most (those of one commit: a request's change emits a few). */
const EVENTS_PER_JOB = 16;

export const OUTBOX_CHANNEL = 'motcua_outbox';

/**
 * Found by event id alone: with "published_at IS NULL" in the condition the planner may walk the
 * partial index of unpublished rows instead, whose entries for rows just published stay until vacuum.
 */
const MARK_NAMED_PUBLISHED = new NamedStatement(
  'outbox_mark_named_published',
  `UPDATE outbox SET published_at = coalesce(published_at, now()), attempts = attempts + (published_at IS NULL)::int WHERE event_id = ANY($1::uuid[])`,
);

/** An event as a notification on OUTBOX_CHANNEL names it: [event id, correlation id]. */
export type NotifiedEvent = [eventId: string, correlationId: string | null];

/** An outbox row as the relay publishes it. */
type PublishedRow = { event_id: string; correlation_id: string | null };

/** The notifications' payload for a commit's events (PostgreSQL allows 8000 bytes: a commit has a few). */
export function outboxNotification(events: PublishedRow[]): string {
  return JSON.stringify(events.map((e): NotifiedEvent => [e.event_id, e.correlation_id]));
}

/** The events a notification names; none when its payload is not such a list (the relay then drains the table). */
export function notifiedEvents(payload: string | undefined): NotifiedEvent[] | undefined {
  try {
    const parsed: unknown = JSON.parse(payload ?? '');
    const valid = Array.isArray(parsed) && parsed.every((e) => Array.isArray(e) && typeof e[0] === 'string' && (typeof e[1] === 'string' || e[1] === null));
    return valid ? (parsed as NotifiedEvent[]) : undefined;
  } catch {
    return undefined;
  }
}

export const PUBLISH_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: 5000,
} as const;

/** A publish job: the events it carries, and an id that names exactly them. */
export interface PublishJob {
  jobId: string;
  eventIds: string[];
  correlationId: string | null;
}

/**
 * A lone event's job is named by its event id; a group's by its first event id and a digest of all.
 * The same events queued twice are then one job, and a row queued again in another grouping (a
 * notification's and a poll's) is never dropped as the duplicate of a job that does not carry it.
 */
export function publishJobId(eventIds: string[]): string {
  if (eventIds.length === 1) return eventIds[0];
  return `${eventIds[0]}+${createHash('sha256').update(eventIds.join(',')).digest('base64url').slice(0, 22)}`;
}

/**
 * Consecutive events of one correlation id (one request's commit; or none, the clock's changes) share
 * a job, up to EVENTS_PER_JOB: an officer's action is one job to publish, not one per event it emitted.
 */
export function publishJobs(rows: PublishedRow[]): PublishJob[] {
  const groups: Omit<PublishJob, 'jobId'>[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.correlationId === row.correlation_id && last.eventIds.length < EVENTS_PER_JOB) {
      last.eventIds.push(row.event_id);
    } else {
      groups.push({ eventIds: [row.event_id], correlationId: row.correlation_id });
    }
  }
  return groups.map((group) => ({ jobId: publishJobId(group.eventIds), ...group }));
}

/**
 * Moves committed outbox rows to BullMQ, in commit order, within a second. A commit's notification
 * names its events, which are queued from it without reading the table (NOTIFY is delivered at
 * commit, in commit order); short polling of the unpublished rows backs it up. A job carries the
 * events of one commit and its id names exactly those, so a row published twice is queued once (or,
 * if grouped otherwise the second time, consumed twice, which the consumer makes harmless);
 * consumers mark rows processed, and a sweeper republishes what was published but never processed.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private client?: Client;
  private timers: NodeJS.Timeout[] = [];
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  private gathering?: NodeJS.Timeout;
  /** Events named by notifications, waiting to be published; a notification naming none asks for a full drain. */
  private notified: NotifiedEvent[] = [];
  private drainAll = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.outbox) private readonly queue: Queue<JobPayloads['publish-event']>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.becomeLeader();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.gathering);
    this.timers.forEach(clearTimeout);
    this.timers.forEach(clearInterval);
    await this.draining;
    await this.client?.end().catch(() => undefined);
  }

  get isLeader(): boolean {
    return this.client !== undefined;
  }

  /** Publishes every unpublished row, oldest first; returns when none is left. */
  async drain(): Promise<void> {
    this.drainAll = true;
    return this.publish();
  }

  /** One publishing pass at a time: the events notified, then every unpublished row if a drain was asked for; again if asked meanwhile. */
  private publish(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        await this.publishNamed();
        if (this.drainAll) {
          this.drainAll = false;
          while ((await this.publishBatch()) === BATCH);
        }
      } while (this.again);
    })().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Publishes events as notifications name them (the leader does it when they arrive). */
  async publishNotified(events: NotifiedEvent[]): Promise<void> {
    this.notified.push(...events);
    return this.publish();
  }

  /**
   * Queues the events notifications named, then marks those still unpublished as published (one
   * statement). Queued first: a failure in between leaves rows unpublished, which polling queues
   * again (under the same job ids when grouped alike; a second job of other ids is consumed harmlessly).
   */
  private async publishNamed(): Promise<void> {
    while (this.notified.length) {
      const events = this.notified.splice(0, BATCH);
      await this.enqueue(publishJobs(events.map(([eventId, correlationId]) => ({ event_id: eventId, correlation_id: correlationId }))));
      await MARK_NAMED_PUBLISHED.execute(this.dataSource.manager, [events.map(([eventId]) => eventId)]);
    }
  }

  /** Republishes rows published long ago but never processed (their job was lost, e.g. Redis flushed). */
  async sweep(olderThanMs = REPUBLISH_AFTER_MS): Promise<number> {
    const rows: PublishedRow[] = await this.dataSource.query(
      `SELECT event_id, correlation_id FROM outbox
       WHERE published_at IS NOT NULL AND processed_at IS NULL AND published_at < now() - make_interval(secs => $1)
       ORDER BY id LIMIT $2`,
      [olderThanMs / 1000, BATCH],
    );
    if (rows.length) {
      const jobs = publishJobs(rows);
      await clearForRequeue(this.queue, jobs.map((job) => job.jobId));
      await this.enqueue(jobs);
    }
    return rows.length;
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; event_id: string; correlation_id: string | null }[] = await manager.query(
        `SELECT id, event_id, correlation_id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (!rows.length) return 0;
      await this.enqueue(publishJobs(rows));
      await manager.query('UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private enqueue(jobs: PublishJob[]) {
    return this.queue.addBulk(
      jobs.map(({ jobId, eventIds, correlationId }) => ({
        name: 'publish-event' as const,
        data: { eventIds, correlationId: correlationId ?? undefined },
        opts: { ...PUBLISH_JOB_OPTIONS, jobId },
      })),
    );
  }

  /** Takes the relay lock on a dedicated connection, or waits and tries again. */
  private async becomeLeader(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.database.url, application_name: 'motcua-outbox-relay' });
    try {
      await client.connect();
      const [{ locked }] = (await client.query('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY])).rows;
      if (!locked) {
        await client.end();
        this.retryLeadership();
        return;
      }
      client.on('error', (error) => this.loseLeadership(error));
      client.on('notification', (message) => this.publishSoon(message.payload));
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
      this.timers.push(setInterval(() => void this.drainQuietly(), POLL_EVERY_MS));
      this.timers.push(setInterval(() => void this.sweep().catch((error) => this.logger.warn({ err: error }, 'outbox sweep failed')), SWEEP_EVERY_MS));
      this.timers.forEach((t) => t.unref());
      void this.drainQuietly();
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn({ err: error }, 'outbox relay could not take the lead; retrying');
      this.retryLeadership();
    }
  }

  private retryLeadership(): void {
    if (this.stopped) return;
    const retry = setTimeout(() => void this.becomeLeader(), STANDBY_RETRY_MS);
    retry.unref();
    this.timers.push(retry);
  }

  private loseLeadership(error: Error): void {
    this.logger.warn({ err: error }, 'outbox relay lost its connection; standing by');
    this.timers.forEach(clearInterval);
    this.timers = [];
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    this.retryLeadership();
  }

  private publishSoon(payload: string | undefined): void {
    const events = notifiedEvents(payload);
    if (events) this.notified.push(...events);
    else this.drainAll = true;
    if (this.gathering || this.stopped) return;
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      void this.quietly(this.publish());
    }, GATHER_NOTIFICATIONS_MS);
  }

  private drainQuietly(): Promise<void> {
    return this.quietly(this.drain());
  }

  private async quietly(pass: Promise<void>): Promise<void> {
    try {
      await pass;
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox publishing failed; polling will retry');
    }
  }
}
