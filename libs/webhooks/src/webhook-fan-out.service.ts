import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lineHeadsAfterEvents } from './delivery/delivery-queries';
import { WebhookJobs } from './delivery/webhook-jobs';

/**
 * An INSERT creating one delivery per portal endpoint subscribed to an event, for use in the
 * statement that marks the event processed: `claimed` names a relation with the outbox columns
 * event_id, aggregate_type, aggregate_id, sequence and event_type (empty when the event was
 * already processed, so nothing is created twice). The endpoints are read in the same statement,
 * so a subscription change applies to the next event. Only enabled endpoints get the event (as
 * Svix does); `recover` sends what a disabled one missed. The unique (endpoint, event) keeps a
 * redelivered event from creating anything new. Returns the new deliveries' ids.
 */
export function insertDeliveriesSql(claimed: string): string {
  return `INSERT INTO webhook_deliveries (endpoint_id, event_id, dossier_id, sequence, event_type, status, next_attempt_at)
    SELECT e.id, c.event_id, c.aggregate_id, c.sequence, c.event_type, 'pending', now()
    FROM ${claimed} c JOIN webhook_endpoints e ON e.enabled AND c.event_type = ANY(e.event_types)
    WHERE c.aggregate_type = 'dossier'
    ON CONFLICT (endpoint_id, event_id) DO NOTHING
    RETURNING id`;
}

/** Queues what the fan-out of dossier events let go, once it has committed. */
@Injectable()
export class WebhookFanOut {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: WebhookJobs,
  ) {}

  /**
   * Queues, at once, the first waiting delivery of each line of the events' dossiers that the events
   * may have let go: their own deliveries, and later ones that waited for them. Looked up after the
   * commit, not inside: a later event of a dossier, fanned out concurrently, may be waiting for an
   * earlier one, and it is only visible (and free to go) once both have committed.
   */
  async queueLines(events: { dossierId: string; sequence: number }[]): Promise<void> {
    await this.jobs.deliver(await lineHeadsAfterEvents(this.dataSource.manager, events));
  }
}
