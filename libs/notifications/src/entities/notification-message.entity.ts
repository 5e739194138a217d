import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * GOV.UK Notify's status model. `temporary-failure` and `technical-failure` are retried while
 * `nextAttemptAt` is set; once it is null they are final, like `delivered` and `permanent-failure`.
 */
export const MESSAGE_STATUSES = ['created', 'sending', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type RecipientKind = 'applicant' | 'officer';

/**
 * One message to one recipient on one channel, created in the transaction that consumes the event.
 * The content is rendered then and kept, so a retry sends exactly what was decided; the values it
 * was rendered from are kept too, so an SMS that fails for good can be re-rendered as an e-mail.
 */
@Entity('notification_messages')
// A re-consumed event (at-least-once delivery) finds its messages already there.
@Index('uq_notification_messages_event_channel_recipient', ['eventId', 'channel', 'recipient'], { unique: true })
// What the sweeper looks for: messages still to send whose job may have been lost.
@Index('idx_notification_messages_pending', ['nextAttemptAt'], { where: 'next_attempt_at IS NOT NULL' })
@Index(['dossierId', 'createdAt'])
export class NotificationMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The outbox event that called for this message. */
  @Column({ type: 'uuid' })
  eventId: string;

  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  @Column({ type: 'uuid' })
  dossierId: string;

  @Column({ type: 'varchar', length: 8 })
  channel: Channel;

  /** The address on this channel: an e-mail address (lower case) or a phone number (0xxxxxxxxx). */
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 16 })
  recipientKind: RecipientKind;

  /** The account behind the recipient, when there is one. */
  @Column({ type: 'uuid', nullable: true })
  recipientUserId: string | null;

  /** Where an SMS that fails for good falls back to. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  fallbackEmail: string | null;

  /** The SMS this e-mail replaces. */
  @Column({ type: 'uuid', nullable: true })
  fallbackOf: string | null;

  /** Template key (config/templates/<key>.<channel>.json) and the version that was rendered. */
  @Column({ type: 'varchar', length: 64 })
  template: string;

  @Column({ type: 'integer' })
  templateVersion: number;

  @Column({ type: 'jsonb' })
  personalisation: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 24 })
  status: MessageStatus;

  /** Why the message failed, in a stable code (daily_cap_reached, render_failed, …) plus detail. */
  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When the next attempt is due; null when there is nothing left to do. */
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** The provider's identifier of the accepted message (SMTP message id, gateway id). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  providerReference: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
