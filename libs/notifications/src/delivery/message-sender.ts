import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { Channel, CHANNELS, MessageStatus, NotificationAttemptEntity, NotificationMessageEntity } from '../entities';
import { CreatedMessage, MessageRow, MessageWriter } from '../messages/message-writer';
import type { Personalisation } from '../templates/placeholders';
import { DailyCap } from './daily-cap';
import { claimDueMessage, recordAttemptResult, SendableMessage } from './message-queries';
import { NotificationChannels } from './notification-channels';
import { countStatus } from './notification-metrics';
import { NotificationQueue, SendJob } from './notification-queue';
import { retryDelayMs } from './retry-policy';
import { clip, SendOutcome, Transport } from './transport';

/** A message still `sending` this long after its attempt began was abandoned (worker killed): it is tried again. */
export const ABANDONED_AFTER_MS = 5 * 60 * 1000;
/** A job may wake a little before the row's time (clock skew between workers): not worth a second trip. */
const EARLY_TOLERANCE_MS = 1000;

interface Claimed {
  message: SendableMessage;
  attempt: number;
  transport: Transport;
}

type AfterCommit = () => Promise<void>;

/**
 * Makes one attempt at one message when the message row says one is due. The row is claimed and
 * the attempt recorded atomically (one statement in the usual case, a transaction otherwise), the
 * provider called outside any transaction, and the outcome recorded in one statement with what
 * follows from it: a retry with backoff, the end of the road, or, for an SMS refused for good, an
 * e-mail in its place. The jobs that follow are queued after commit; the sweeper finds any that are lost.
 */
@Injectable()
export class MessageSender {
  private readonly logger = new Logger(MessageSender.name);
  private readonly retry: { baseDelayMs: number; maxAttempts: number };
  /** The provider of each channel that has one. */
  private readonly providers: Partial<Record<Channel, string>> = {};

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: NotificationChannels,
    private readonly cap: DailyCap,
    private readonly writer: MessageWriter,
    private readonly queue: NotificationQueue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retry = config.notifications.retry;
    for (const channel of CHANNELS) {
      const transport = channels.transport(channel);
      if (transport) this.providers[channel] = transport.name;
    }
  }

  async send(messageId: string): Promise<void> {
    const claimed = (await this.claimDue(messageId)) ?? (await this.dataSource.transaction((manager) => this.claim(manager, messageId)));
    if (!claimed) return;
    if (typeof claimed === 'function') return claimed();
    const outcome = await this.attempt(claimed);
    const afterRecord = await this.record(claimed, outcome);
    await afterRecord();
  }

  /** The usual case in one statement (see claimDueMessage); null leaves the decision to claim(). */
  private async claimDue(messageId: string): Promise<Claimed | null> {
    const now = new Date();
    const message = await claimDueMessage(this.dataSource.manager, {
      messageId,
      now,
      earlyToleranceMs: EARLY_TOLERANCE_MS,
      maxAttempts: this.retry.maxAttempts,
      leaseUntil: new Date(now.getTime() + ABANDONED_AFTER_MS),
      providers: this.providers,
      dailyCaps: this.cap.allCaps(),
      day: this.cap.day(now),
    });
    return message && { message, attempt: message.attempts, transport: this.channels.transport(message.channel)! };
  }

  /**
   * Every case claimDue leaves: takes the message for one attempt, or settles it without one (cap
   * reached, channel missing, attempts spent), or takes over an abandoned attempt.
   */
  private async claim(manager: EntityManager, messageId: string): Promise<Claimed | AfterCommit | null> {
    const now = new Date();
    // SKIP LOCKED: if another worker holds the row, it is handling this message.
    const message = await manager.findOne(NotificationMessageEntity, { where: { id: messageId }, lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } });
    if (!message?.nextAttemptAt || message.nextAttemptAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) return null;

    if (message.status === 'sending') {
      await manager.update(
        NotificationAttemptEntity,
        { messageId, outcome: 'sending' },
        { outcome: 'technical-failure', detail: 'no outcome recorded: the worker stopped during this attempt', finishedAt: now },
      );
    }
    const transport = this.channels.transport(message.channel);
    if (!transport) return this.settle(manager, message, 'technical-failure', `channel_not_configured: no ${message.channel} provider is configured`);
    if (message.attempts >= this.retry.maxAttempts) return this.settle(manager, message, 'technical-failure', `gave up after ${message.attempts} attempts`);
    if (message.attempts === 0 && !(await this.cap.reserve(manager, message.channel, now))) {
      return this.settle(manager, message, 'permanent-failure', `daily_cap_reached: ${this.cap.cap(message.channel)} ${message.channel} messages per day`);
    }

    message.attempts += 1;
    message.status = 'sending';
    message.nextAttemptAt = new Date(now.getTime() + ABANDONED_AFTER_MS);
    await manager.update(NotificationMessageEntity, { id: messageId }, { attempts: message.attempts, status: message.status, nextAttemptAt: message.nextAttemptAt });
    await manager.insert(NotificationAttemptEntity, { messageId, attempt: message.attempts, provider: transport.name, outcome: 'sending', startedAt: now });
    return { message, attempt: message.attempts, transport };
  }

  private async attempt({ message, transport }: Claimed): Promise<SendOutcome> {
    countStatus(message.channel, 'sending');
    try {
      return await transport.send({ id: message.id, channel: message.channel, recipient: message.recipient, subject: message.subject, body: message.body });
    } catch (error) {
      // A transport should answer every failure as an outcome; a throw is our bug, kept on the attempt.
      this.logger.error({ err: error, messageId: message.id }, 'transport threw');
      return { status: 'technical-failure', responseCode: 'EXCEPTION', detail: clip(String(error)) };
    }
  }

  /** Records the outcome and returns what follows from it: a retry, or, for an SMS refused for good, an e-mail in its place. */
  private async record({ message, attempt }: Claimed, outcome: SendOutcome): Promise<AfterCommit> {
    const now = new Date();
    const delivered = outcome.status === 'delivered';
    const retryable = outcome.status === 'temporary-failure' || outcome.status === 'technical-failure';
    const delayMs = retryable && attempt < this.retry.maxAttempts ? retryDelayMs(attempt, this.retry.baseDelayMs, outcome.retryAfterMs) : null;
    const { ours, fallback } = await recordAttemptResult(this.dataSource.manager, {
      messageId: message.id,
      attempt,
      status: outcome.status,
      responseCode: outcome.responseCode?.slice(0, 64) ?? null,
      detail: outcome.detail ?? null,
      providerReference: outcome.providerReference?.slice(0, 255) ?? null,
      failureReason: delivered ? null : (outcome.responseCode ?? outcome.status),
      finishedAt: now,
      nextAttemptAt: delayMs === null ? null : new Date(now.getTime() + delayMs),
      fallback: outcome.status === 'permanent-failure' ? this.fallbackRows(message) : [],
    });
    if (!ours) return async () => undefined;

    const jobs: SendJob[] = fallback.filter((m) => m.status === 'created').map((m) => ({ messageId: m.id, attempt: 1 }));
    if (delayMs !== null) jobs.push({ messageId: message.id, attempt: attempt + 1, delayMs });
    return async () => {
      countStatus(message.channel, outcome.status);
      for (const created of fallback) countStatus(created.channel, created.status);
      await this.queue.enqueue(jobs);
    };
  }

  /** Ends a message without an attempt at the provider. */
  private async settle(manager: EntityManager, message: NotificationMessageEntity, status: MessageStatus, reason: string): Promise<AfterCommit> {
    message.status = status;
    message.failureReason = reason;
    message.nextAttemptAt = null;
    await manager.update(NotificationMessageEntity, { id: message.id }, { status, failureReason: reason, nextAttemptAt: null });
    const fallback = status === 'permanent-failure' ? await this.fallBack(manager, message) : [];
    return async () => {
      countStatus(message.channel, status);
      for (const created of fallback) countStatus(created.channel, created.status);
      await this.queue.enqueue(fallback.filter((m) => m.status === 'created').map((m) => ({ messageId: m.id, attempt: 1 })));
    };
  }

  /**
   * An SMS that cannot go (refused number, daily cap) becomes an e-mail with the same template and
   * values. If the recipient already has an e-mail for this event, the unique key makes this a no-op.
   */
  private async fallBack(manager: EntityManager, sms: SendableMessage): Promise<CreatedMessage[]> {
    const rows = this.fallbackRows(sms);
    return rows.length ? this.writer.insert(manager, rows) : [];
  }

  private fallbackRows(sms: SendableMessage): MessageRow[] {
    if (sms.channel !== 'sms' || !sms.fallbackEmail || !this.channels.available('email')) return [];
    return this.writer.rows([
      {
        eventId: sms.eventId,
        eventType: sms.eventType,
        dossierId: sms.dossierId,
        channel: 'email',
        recipient: sms.fallbackEmail,
        recipientKind: sms.recipientKind,
        recipientUserId: sms.recipientUserId,
        fallbackEmail: null,
        fallbackOf: sms.id,
        template: sms.template,
        personalisation: sms.personalisation as Personalisation,
      },
    ]);
  }
}
