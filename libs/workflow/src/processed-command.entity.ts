import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Commands already applied: the same command id twice has one effect and the same answer. */
@Entity('processed_commands')
export class ProcessedCommandEntity {
  @PrimaryColumn({ type: 'uuid' })
  commandId: string;

  @Column({ type: 'uuid' })
  dossierId: string;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  /** applied | rejected */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  result: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  processedAt: Date;
}
