import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A committed domain event waiting to be published to BullMQ. Written in the same transaction
 * as the change it describes; the relay marks it published; a sweeper republishes stragglers.
 */
@Entity('outbox')
@Index('idx_outbox_unpublished', ['id'], { where: 'published_at IS NULL' })
@Index(['aggregateId', 'sequence'])
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', unique: true })
  eventId: string;

  @Column({ type: 'varchar', length: 32 })
  aggregateType: string;

  @Column({ type: 'uuid' })
  aggregateId: string;

  /** Per-aggregate sequence number, so consumers can order and drop stale events. */
  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Queued to BullMQ. */
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** Fanned out by its consumer; a published event without this is republished by the sweeper. */
  @Index('idx_outbox_unprocessed', { where: 'published_at IS NOT NULL AND processed_at IS NULL' })
  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;
}
