import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An uploaded file; content-addressed in storage by its SHA-256, owned by its uploader. */
@Entity('files')
@Index(['attachedAt', 'createdAt'])
export class FileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** Detected from the bytes, not the name. */
  @Column({ type: 'varchar', length: 127 })
  mimeType: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Null until attached to a dossier; unattached files are removed after a day. */
  @Column({ type: 'timestamptz', nullable: true })
  attachedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
