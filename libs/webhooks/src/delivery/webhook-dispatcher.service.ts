import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import { signingSecrets, webhookHeaders } from '../signing/webhook-signing';
import { attemptOutcome, AttemptOutcome } from './attempt-outcome';
import { ClaimedDelivery, claimDelivery, disableEndpoint, endFailureStreak, extendFailureStreak, lineHeads, recordAttempt } from './delivery-queries';
import { callWebhook, WebhookAnswer } from './http-call';
import { isSustainedFailure, WEBHOOK_RETRY_POLICY, WebhookRetryPolicy } from './retry-policy';
import { webhookDeliveriesCounter } from './webhook-metrics';
import { WebhookJobs } from './webhook-jobs';

/** How long past the call's timeout a claimed delivery stays ours before another worker may take it. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Runs one attempt of one delivery: claim it (if due and its turn), sign and POST the event, log the
 * attempt, schedule the retry or move the dossier's line on, and disable the endpoint on 410 Gone or
 * sustained failure. Deliveries are at-least-once; receivers deduplicate on `webhook-id`.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_RETRY_POLICY) private readonly policy: WebhookRetryPolicy,
    private readonly jobs: WebhookJobs,
  ) {}

  async deliver(deliveryId: string): Promise<void> {
    const { timeoutMs, allowPrivateUrls } = this.config.webhooks;
    const claim = await claimDelivery(this.dataSource.manager, deliveryId, timeoutMs + LEASE_MARGIN_MS);
    if (!claim) return;

    const body = JSON.stringify(claim.payload);
    const signedAt = new Date();
    const answer = await callWebhook({
      url: claim.url,
      headers: webhookHeaders(claim.eventId, body, signingSecrets(claim, signedAt), signedAt),
      body,
      timeoutMs,
      policy: { allowPrivate: allowPrivateUrls },
    });
    const outcome = attemptOutcome(answer, claim.attempt, this.policy, new Date());

    const result = await this.dataSource.transaction(async (manager) => {
      const ours = await recordAttempt(manager, { claim, ...answer, status: outcome.status, nextAttemptAt: outcome.nextAttemptAt, error: outcome.error });
      return { ours, disabledReason: ours ? await this.accountForEndpoint(manager, claim, answer, outcome) : null };
    });
    if (!result.ours) return;
    webhookDeliveriesCounter.inc({ status: outcome.status });
    if (result.disabledReason) {
      // The admin notice: the endpoint row carries the reason, with admin_notified_at null until e-mailed.
      this.logger.warn({ endpointId: claim.endpointId, url: claim.url, reason: result.disabledReason }, 'webhook endpoint disabled; an administrator must re-enable it');
    }
    await this.queueFollowUp(claim, outcome, result.disabledReason !== null);
  }

  /** Updates the endpoint's failure streak; returns why it was disabled, if this attempt disabled it. */
  private async accountForEndpoint(manager: EntityManager, claim: ClaimedDelivery, answer: WebhookAnswer, outcome: AttemptOutcome): Promise<string | null> {
    if (outcome.status === 'succeeded') {
      await endFailureStreak(manager, claim.endpointId);
      return null;
    }
    if (outcome.gone) {
      const reason = 'The endpoint answered 410 Gone.';
      return (await disableEndpoint(manager, claim.endpointId, reason)) ? reason : null;
    }
    const streak = await extendFailureStreak(manager, claim.endpointId, answer.startedAt);
    if (!streak?.enabled || !isSustainedFailure(this.policy, streak.consecutiveFailures, streak.failingSince, new Date())) return null;
    const reason = `${streak.consecutiveFailures} failed attempts in a row since ${streak.failingSince.toISOString()} (last: ${outcome.error}).`;
    return (await disableEndpoint(manager, claim.endpointId, reason)) ? reason : null;
  }

  /** A finished delivery lets the next of its line go; a failed one comes back at its retry time. */
  private async queueFollowUp(claim: ClaimedDelivery, outcome: AttemptOutcome, endpointDisabled: boolean): Promise<void> {
    if (outcome.status === 'failed') {
      if (endpointDisabled) return; // re-enabling the endpoint queues its lines again
      await this.jobs.deliver([{ id: claim.id, delayMs: outcome.nextAttemptAt!.getTime() - Date.now() }]);
      return;
    }
    await this.jobs.deliver(await lineHeads(this.dataSource.manager, { endpointId: claim.endpointId, dossierId: claim.dossierId }));
  }
}
