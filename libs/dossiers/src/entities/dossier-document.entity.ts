import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A file attached to a dossier as one of the procedure's documents, a supplement or a result. */
@Entity('dossier_documents')
@Index(['dossierId', 'documentCode'])
export class DossierDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  dossierId: string;

  @Column({ type: 'varchar', length: 64 })
  documentCode: string;

  @Column({ type: 'uuid' })
  fileId: string;

  /** submission | supplement | result */
  @Column({ type: 'varchar', length: 16 })
  purpose: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
