import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A procedure's identity and activation; its content lives in immutable versions. */
@Entity('procedures')
export class ProcedureEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The version new dossiers get. */
  @Column({ type: 'integer' })
  currentVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
