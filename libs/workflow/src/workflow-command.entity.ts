import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Actor } from '@motcua/dossiers';

export type CommandStatus = 'pending' | 'applied' | 'rejected';

export interface CommandRejection {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

/**
 * A workflow command, stored before it is queued: the queue only carries its id, so losing Redis
 * loses no command, and the same command id applied twice has one effect and the same answer.
 */
@Entity('workflow_commands')
@Index('idx_workflow_commands_pending', ['createdAt'], { where: "status = 'pending'" })
@Index(['dossierId', 'createdAt'])
export class WorkflowCommandEntity {
  @PrimaryColumn({ type: 'uuid' })
  commandId: string;

  @Column({ type: 'uuid' })
  dossierId: string;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'jsonb' })
  actor: Actor;

  /** The action's data (comment, reason, missing items, assignee, result number…). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'integer', nullable: true })
  expectedVersion: number | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: CommandStatus;

  /** For an applied command: the dossier version it produced; for a rejected one: why. */
  @Column({ type: 'jsonb', nullable: true })
  outcome: { version: number } | CommandRejection | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
