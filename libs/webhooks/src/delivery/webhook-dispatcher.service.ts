import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { SecretBox } from '../signing/secret-box';
import { signingSecrets, webhookHeaders } from '../signing/webhook-signing';
import { attemptOutcome, AttemptOutcome } from './attempt-outcome';
import { AttemptRecord, ClaimedDelivery, claimDelivery, disableEndpoint, extendFailureStreak, lineHeads, recordAttempt } from './delivery-queries';
import { callWebhook, WebhookAnswer } from './http-call';
import { isSustainedFailure, WEBHOOK_RETRY_POLICY, WebhookRetryPolicy } from './retry-policy';
import { webhookDeliveriesCounter } from './webhook-metrics';
import { WebhookJobs } from './webhook-jobs';

/** How long past the call's timeout a claimed delivery stays ours before another worker may take it. */
const LEASE_MARGIN_MS = 30_000;
/** A job sends at most this many deliveries of its line in a row before queueing the rest, so it stays short. */
const MAX_IN_ONE_JOB = 20;

/**
 * Runs one attempt of one delivery: claim it (if due and its turn), sign and POST the event, log the
 * attempt, schedule the retry or move the dossier's line on, and disable the endpoint on 410 Gone or
 * sustained failure. When the next delivery of the line is due at once it is sent in the same job,
 * rather than going round the queue. Deliveries are at-least-once; receivers deduplicate on `webhook-id`.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_RETRY_POLICY) private readonly policy: WebhookRetryPolicy,
    private readonly jobs: WebhookJobs,
  ) {
    this.secrets = new SecretBox(config.webhooks.secretsKey);
  }

  async deliver(deliveryId: string): Promise<void> {
    let next = await this.attempt(deliveryId);
    for (let sent = 1; next && sent < MAX_IN_ONE_JOB; sent++) next = await this.attemptNextInLine(next);
    if (next) await this.jobs.deliver([{ id: next, delayMs: 0 }]);
  }

  /** The next delivery of a line, in the job of the one before; if that goes wrong, it gets a job (and retries) of its own. */
  private async attemptNextInLine(deliveryId: string): Promise<string | null> {
    try {
      return await this.attempt(deliveryId);
    } catch (error) {
      this.logger.warn({ err: error, deliveryId }, 'sending the next delivery of a line failed; queued on its own');
      await this.jobs.deliver([{ id: deliveryId, delayMs: 0 }]);
      return null;
    }
  }

  /** One attempt of one delivery; returns the next delivery of its line if that one may go at once. */
  private async attempt(deliveryId: string): Promise<string | null> {
    const { timeoutMs, allowPrivateUrls } = this.config.webhooks;
    const claim = await claimDelivery(this.dataSource.manager, deliveryId, timeoutMs + LEASE_MARGIN_MS);
    if (!claim) return null;

    const body = JSON.stringify(claim.payload);
    const signedAt = new Date();
    const secrets = this.openSecrets(claim, signedAt);
    const answer: WebhookAnswer = Array.isArray(secrets)
      ? await callWebhook({ url: claim.url, headers: webhookHeaders(claim.eventId, body, secrets, signedAt), body, timeoutMs, policy: { allowPrivate: allowPrivateUrls } })
      : { startedAt: signedAt, durationMs: 0, statusCode: null, responseBody: null, error: secrets.error };
    const outcome = attemptOutcome(answer, claim.attempt, this.policy, new Date());
    const result = await this.record({ claim, ...answer, status: outcome.status, nextAttemptAt: outcome.nextAttemptAt, error: outcome.error }, outcome);
    if (!result.ours) return null;
    webhookDeliveriesCounter.inc({ status: outcome.status });
    if (result.disabledReason) {
      // The admin notice: the endpoint row carries the reason, with admin_notified_at null until e-mailed.
      this.logger.warn({ endpointId: claim.endpointId, url: claim.url, reason: result.disabledReason }, 'webhook endpoint disabled; an administrator must re-enable it');
    }
    return this.followUp(claim, outcome, result.disabledReason !== null);
  }

  /**
   * The endpoint's signing secrets in clear. One that WEBHOOK_SECRETS_KEY cannot open (the key was
   * changed or lost) fails the attempt like an unreachable receiver: logged, retried, counted against
   * the endpoint until it is disabled with a notice to the admins, who rotate its secret.
   */
  private openSecrets(claim: ClaimedDelivery, at: Date): string[] | { error: string } {
    try {
      return signingSecrets(claim, at).map((secret) => this.secrets.open(secret));
    } catch {
      this.logger.error({ endpointId: claim.endpointId }, 'webhook signing secret cannot be decrypted with WEBHOOK_SECRETS_KEY');
      return { error: 'signing secret cannot be decrypted with WEBHOOK_SECRETS_KEY: restore the key, or rotate the secret' };
    }
  }

  /**
   * Logs the attempt and moves the delivery on. A success (which also ends the endpoint's failure
   * streak) is one statement; a failure also counts against the endpoint, in the same transaction.
   */
  private async record(record: AttemptRecord, outcome: AttemptOutcome): Promise<{ ours: boolean; disabledReason: string | null }> {
    if (outcome.status === 'succeeded') return { ours: await recordAttempt(this.dataSource.manager, record), disabledReason: null };
    return this.dataSource.transaction(async (manager) => {
      const ours = await recordAttempt(manager, record);
      return { ours, disabledReason: ours ? await this.accountForFailure(manager, record, outcome) : null };
    });
  }

  /** Counts a failed attempt against the endpoint; returns why it was disabled, if this attempt disabled it. */
  private async accountForFailure(manager: EntityManager, { claim, startedAt }: AttemptRecord, outcome: AttemptOutcome): Promise<string | null> {
    if (outcome.gone) {
      const reason = 'The endpoint answered 410 Gone.';
      return (await disableEndpoint(manager, claim.endpointId, reason)) ? reason : null;
    }
    const streak = await extendFailureStreak(manager, claim.endpointId, startedAt);
    if (!streak?.enabled || !isSustainedFailure(this.policy, streak.consecutiveFailures, streak.failingSince, new Date())) return null;
    const reason = `${streak.consecutiveFailures} failed attempts in a row since ${streak.failingSince.toISOString()} (last: ${outcome.error}).`;
    return (await disableEndpoint(manager, claim.endpointId, reason)) ? reason : null;
  }

  /**
   * A failed delivery comes back at its retry time. A finished one lets the next of its line go:
   * returned when due now, to be sent at once, else queued for its time.
   */
  private async followUp(claim: ClaimedDelivery, outcome: AttemptOutcome, endpointDisabled: boolean): Promise<string | null> {
    if (outcome.status === 'failed') {
      // Once disabled, re-enabling the endpoint queues its lines again.
      if (!endpointDisabled) await this.jobs.deliver([{ id: claim.id, delayMs: outcome.nextAttemptAt!.getTime() - Date.now() }]);
      return null;
    }
    const [head] = await lineHeads(this.dataSource.manager, { endpointId: claim.endpointId, dossierId: claim.dossierId });
    if (!head) return null;
    if (head.delayMs <= 0) return head.id;
    await this.jobs.deliver([head]);
    return null;
  }
}
