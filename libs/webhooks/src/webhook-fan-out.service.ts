import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxEventEntity } from '@motcua/messaging';
import { lineHeads } from './delivery/delivery-queries';
import { WebhookJobs } from './delivery/webhook-jobs';

/**
 * Turns one committed dossier event into one delivery per subscribed portal endpoint,
 * inside the consumer's transaction. Returns what to queue once that transaction commits.
 */
@Injectable()
export class WebhookFanOut {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: WebhookJobs,
  ) {}

  async fanOut(manager: EntityManager, event: OutboxEventEntity): Promise<() => Promise<void>> {
    if (event.aggregateType !== 'dossier') return async () => undefined;
    // Only enabled endpoints get the event (as Svix does); `recover` sends what a disabled one missed.
    // The unique (endpoint, event) makes a redelivered event create nothing new.
    await manager.query(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id, dossier_id, sequence, event_type, status, next_attempt_at)
       SELECT e.id, $1::uuid, $2::uuid, $3::int, $4::varchar, 'pending', now() FROM webhook_endpoints e WHERE e.enabled AND $4::varchar = ANY(e.event_types)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id`,
      [event.eventId, event.aggregateId, event.sequence, event.eventType],
    );
    // Looked up after the commit, not inside: a later event of the dossier, fanned out concurrently,
    // may be waiting for this one, and it is only visible (and free to go) once both have committed.
    return async () => {
      await this.jobs.deliver(await lineHeads(this.dataSource.manager, { dossierId: event.aggregateId }));
    };
  }
}
