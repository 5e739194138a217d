import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { Batcher, ItemOutcome, NamedStatement } from '@motcua/messaging';
import { CreatedMessage, EventForMessages, insertMessagesSql, MessageContext, NotificationFanOut } from '@motcua/notifications';
import { insertDeliveriesSql, WebhookFanOut } from '@motcua/webhooks';

/** Events fanned out together at most, and batches under way at once. */
const MAX_BATCH = 16;
const MAX_BATCHES_AT_ONCE = 4;

/** An outbox row as the consumer reads it, with the context its messages need. */
interface PublishedEvent extends EventForMessages {
  aggregateType: string;
  aggregateId: string;
  sequence: number;
  correlationId: string | null;
  processed: boolean;
}

interface EventRow {
  event_id: string;
  aggregate_type: string;
  aggregate_id: string;
  sequence: number;
  event_type: string;
  payload: Record<string, unknown>;
  correlation_id: string | null;
  processed: boolean;
  message_context: MessageContext | null;
}

/**
 * Marks events processed and creates their webhook deliveries and messages, all in one statement,
 * for the events not processed yet only: a redelivered event (at-least-once) has its effects exactly
 * once, and a consumer that loses the race for an event to another creates nothing for it.
 */
const FAN_OUT = new NamedStatement<{ claimed: string[]; messages: CreatedMessage[] }>(
  'outbox.fan-out-events',
  `WITH claimed AS (
     UPDATE outbox SET processed_at = now() WHERE event_id = ANY($1::uuid[]) AND processed_at IS NULL
     RETURNING event_id, aggregate_type, aggregate_id, sequence, event_type),
   deliveries AS (${insertDeliveriesSql('claimed')}),
   messages AS (${insertMessagesSql('$2', 'm.event_id IN (SELECT event_id FROM claimed)')})
   SELECT (SELECT coalesce(json_agg(event_id), '[]') FROM claimed) AS claimed,
          (SELECT coalesce(json_agg(json_build_object('id', id, 'channel', channel, 'status', status, 'eventId', "eventId")), '[]') FROM messages) AS messages`,
);

/**
 * The outbox consumer's work: reads the events with their dossiers' context (one statement),
 * renders their messages (reading the officers when a rule needs them), then commits their webhook
 * deliveries, their messages and their processed mark together (one statement), and queues the new
 * jobs after commit (their sweepers cover a crash in between). Events consumed at the same time go
 * together, so a busy worker makes these round trips once for many events.
 */
@Injectable()
export class EventFanOut {
  private readonly logger = new Logger(EventFanOut.name);
  private readonly readEvents: NamedStatement<EventRow>;
  private readonly batcher = new Batcher<string>((eventIds) => this.fanOutEach(eventIds), MAX_BATCH, MAX_BATCHES_AT_ONCE);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhookFanOut,
    private readonly notifications: NotificationFanOut,
  ) {
    this.readEvents = new NamedStatement(
      'outbox.read-events',
      `SELECT o.event_id, o.aggregate_type, o.aggregate_id, o.sequence, o.event_type, o.payload, o.correlation_id,
              o.processed_at IS NOT NULL AS processed, mc.message_context
       FROM outbox o ${notifications.contextJoin('$2')}
       WHERE o.event_id = ANY($1::uuid[])`,
    );
  }

  /** Fans one event out, together with those consumed at the same time. */
  consume(eventId: string): Promise<void> {
    return this.batcher.add(eventId);
  }

  /** If a batch fails as a whole, each of its events is tried alone: one bad event does not hold back the others. */
  private async fanOutEach(eventIds: string[]): Promise<ItemOutcome[]> {
    try {
      return await this.fanOutTogether(eventIds);
    } catch (error) {
      if (eventIds.length === 1) return [error as Error];
      return Promise.all(eventIds.map(async (eventId) => (await this.fanOutTogether([eventId]).catch((alone: Error) => [alone]))[0]));
    }
  }

  private async fanOutTogether(eventIds: string[]): Promise<ItemOutcome[]> {
    const events = await this.read(eventIds);
    const waiting = [...events.values()].filter((event) => !event.processed);
    if (waiting.length) await this.commitAndQueue(waiting);
    return eventIds.map((eventId) => (events.has(eventId) ? undefined : new UnrecoverableError(`outbox event ${eventId} does not exist`)));
  }

  private async read(eventIds: string[]): Promise<Map<string, PublishedEvent>> {
    const rows = await this.readEvents.run(this.dataSource.manager, [eventIds, this.notifications.eventTypes]);
    return new Map(rows.map((row) => [row.event_id, publishedEvent(row)]));
  }

  private async commitAndQueue(events: PublishedEvent[]): Promise<void> {
    const manager = this.dataSource.manager;
    const messages = (await Promise.all(events.map((event) => this.notifications.draft(manager, event)))).flat();
    const [result] = await FAN_OUT.run(manager, [events.map((event) => event.eventId), JSON.stringify(messages)]);
    const claimed = new Set(result.claimed);
    const fannedOut = events.filter((event) => claimed.has(event.eventId));
    const dossierEvents = fannedOut.filter((event) => event.aggregateType === 'dossier').map((event) => ({ dossierId: event.aggregateId, sequence: event.sequence }));
    const correlationIds = new Map(fannedOut.map((event) => [event.eventId, event.correlationId]));
    await Promise.all([
      this.afterCommit(fannedOut, () => this.webhooks.queueLines(dossierEvents)),
      this.afterCommit(fannedOut, () => this.notifications.queueCreated(result.messages, correlationIds)),
    ]);
  }

  private async afterCommit(events: PublishedEvent[], enqueue: () => Promise<void>): Promise<void> {
    await enqueue().catch((error) =>
      this.logger.warn({ err: error, eventIds: events.map((event) => event.eventId) }, 'queueing after fan-out failed; the sweeper will retry'),
    );
  }
}

function publishedEvent(row: EventRow): PublishedEvent {
  return {
    eventId: row.event_id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    sequence: row.sequence,
    eventType: row.event_type,
    payload: row.payload,
    correlationId: row.correlation_id,
    processed: row.processed,
    messageContext: row.message_context,
  };
}
