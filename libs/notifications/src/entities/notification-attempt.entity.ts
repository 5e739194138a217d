import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { MessageStatus, NotificationMessageEntity } from './notification-message.entity';

/** One try at handing a message to its provider: what was tried, when, and what the provider answered. */
@Entity('notification_attempts')
@Index(['messageId', 'attempt'], { unique: true })
export class NotificationAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  messageId: string;

  @ManyToOne(() => NotificationMessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message: Relation<NotificationMessageEntity>;

  /** 1 for the first try. */
  @Column({ type: 'integer' })
  attempt: number;

  /** smtp, console, or the SMS gateway's name. */
  @Column({ type: 'varchar', length: 64 })
  provider: string;

  /** `sending` while in flight, then the outcome. */
  @Column({ type: 'varchar', length: 24 })
  outcome: MessageStatus;

  /** The provider's answer in short: SMTP reply code, HTTP status and error code, or a network error code. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  responseCode: string | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
