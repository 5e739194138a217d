import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Remembers a submission's Idempotency-Key so a replay returns the same dossier. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'uuid' })
  ownerId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of the canonical request body: the same key with another body is a conflict. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'uuid' })
  dossierId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
