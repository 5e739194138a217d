import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One hand-over of a dossier: the process control slip (form 06) is read from these rows
 * (from unit/user, to unit/user, time, result, note).
 */
@Entity('dossier_history')
@Index(['dossierId', 'id'])
export class DossierHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  dossierId: string;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fromStep: string | null;

  @Column({ type: 'varchar', length: 64 })
  toStep: string;

  @Column({ type: 'smallint', nullable: true })
  fromStatus: number | null;

  @Column({ type: 'smallint' })
  toStatus: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  fromUnit: string | null;

  @Column({ type: 'uuid', nullable: true })
  fromUserId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  toUnit: string | null;

  @Column({ type: 'uuid', nullable: true })
  toUserId: string | null;

  @Column({ type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  result: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  commandId: string | null;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;
}
