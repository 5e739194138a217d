import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ProcedureDefinition } from '@motcua/domain/catalogue';

/**
 * One immutable version of a procedure (time limit, fee, documents, form schema, legal basis).
 * A dossier keeps the version that applied when it was received.
 */
@Entity('procedure_versions')
@Index(['procedureCode', 'version'], { unique: true })
export class ProcedureVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  procedureCode: string;

  @Column({ type: 'integer' })
  version: number;

  /** SHA-256 of the canonical definition: loading an unchanged file creates no new version. */
  @Column({ type: 'char', length: 64 })
  contentHash: string;

  @Column({ type: 'jsonb' })
  definition: ProcedureDefinition;

  @Column({ type: 'date' })
  effectiveFrom: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
