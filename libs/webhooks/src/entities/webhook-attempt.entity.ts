import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** The delivery log: one row per HTTP attempt, kept for the admins (what the portal answered, how fast). */
@Entity('webhook_attempts')
@Index(['deliveryId', 'id'])
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => WebhookDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: WebhookDeliveryEntity;

  /** The delivery's attempt number at the time (1 = first try). */
  @Column({ type: 'integer' })
  attempt: number;

  /** The URL called (an endpoint's URL may change between attempts). */
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'integer' })
  durationMs: number;

  /** Null when no answer came (refused address, connection error, timeout). */
  @Column({ type: 'integer', nullable: true })
  statusCode: number | null;

  /** The first KiB of the answer's body. */
  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'boolean' })
  succeeded: boolean;
}
