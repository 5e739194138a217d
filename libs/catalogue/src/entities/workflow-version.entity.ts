import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { WorkflowDefinition } from '@motcua/domain/workflow';

/** One published, immutable version of a workflow definition; dossiers are pinned to it. */
@Entity('workflow_versions')
@Index(['workflowCode', 'version'], { unique: true })
export class WorkflowVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  workflowCode: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'char', length: 64 })
  contentHash: string;

  @Column({ type: 'jsonb' })
  definition: WorkflowDefinition;

  @CreateDateColumn({ type: 'timestamptz' })
  publishedAt: Date;
}
