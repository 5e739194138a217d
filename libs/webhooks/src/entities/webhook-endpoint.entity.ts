import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A portal endpoint that receives signed dossier events. HMAC signing needs the secret itself, so it
 * is stored encrypted with WEBHOOK_SECRETS_KEY (SecretBox), not hashed; it is shown to the admin
 * only when created or rotated.
 */
@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 64, array: true })
  eventTypes: string[];

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** `whsec_` + base64 key (Standard Webhooks), sealed by SecretBox. */
  @Column({ type: 'varchar', length: 255 })
  secret: string;

  /** The secret before the last rotation, sealed: it still signs (a second signature) until the overlap ends. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Failed attempts in a row, any dossier; a success resets it. With failingSince it detects sustained failure. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /** Why it was disabled: by an admin, a 410 Gone, or sustained failure. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  disabledReason: string | null;

  /**
   * The admin notice of an automatic disabling: null while nobody has been told (e-mail is the
   * notifications side's job; it sets this once the admins are told).
   */
  @Column({ type: 'timestamptz', nullable: true })
  adminNotifiedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
