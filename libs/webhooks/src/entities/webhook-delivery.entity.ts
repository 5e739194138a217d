import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { OutboxEventEntity } from '@motcua/messaging';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/**
 * pending: waiting to be sent (possibly behind a lower sequence of the same dossier);
 * delivering: an attempt is in flight (next_attempt_at is then its lease);
 * failed: the last attempt failed, another is due at next_attempt_at;
 * succeeded: a 2xx answer; dead: the retry schedule ran out (replay by hand).
 */
export type WebhookDeliveryStatus = 'pending' | 'delivering' | 'failed' | 'succeeded' | 'dead';
export const WEBHOOK_DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'delivering', 'failed', 'succeeded', 'dead'];

/** One event to one endpoint. The body is the outbox event's payload, read at send time. */
@Entity('webhook_deliveries')
@Unique(['endpointId', 'eventId'])
@Index(['endpointId', 'dossierId', 'sequence'])
@Index(['endpointId', 'createdAt'])
@Index(['dossierId', 'sequence'])
@Index('idx_webhook_deliveries_due', ['nextAttemptAt'], { where: "status IN ('pending', 'failed', 'delivering')" })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpointEntity;

  /** The outbox event id, sent as `webhook-id` so receivers deduplicate. */
  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => OutboxEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', referencedColumnName: 'eventId' })
  event?: OutboxEventEntity;

  @Column({ type: 'uuid' })
  dossierId: string;

  /** The event's per-dossier sequence: deliveries of one dossier to one endpoint go in this order. */
  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: WebhookDeliveryStatus;

  /** Attempts since the delivery was (re)queued; a manual retry starts the schedule again. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
