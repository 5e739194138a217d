import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClockPause } from '@motcua/domain/clock';

export interface ApplicantData {
  fullName: string;
  idNumber: string;
  phone: string;
  email?: string;
  address?: string;
  /** LoaiDoiTuong: 1 citizen, 2 enterprise, 3 state agency, 4 other */
  type: number;
}

/** A dossier (hồ sơ): its position in the workflow, its clock and what was submitted. */
@Entity('dossiers')
// The desk's lists: by status, then due date, then (for dossiers not yet accepted, which have none) submission time.
@Index(['agencyId', 'status', 'dueAt', 'submittedAt'])
@Index(['agencyId', 'step', 'dueAt'])
@Index(['applicantUserId', 'submittedAt'])
@Index(['assigneeId', 'dueAt'])
// Division work lists (specialists, heads): without these a division's list scans the agency's dossiers.
@Index(['agencyId', 'divisionId', 'status', 'dueAt'])
@Index(['agencyId', 'divisionId', 'dueAt'])
export class DossierEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 64 })
  procedureCode: string;

  @Column({ type: 'uuid' })
  procedureVersionId: string;

  @Column({ type: 'uuid' })
  workflowVersionId: string;

  @Column({ type: 'uuid' })
  agencyId: string;

  @Column({ type: 'uuid', nullable: true })
  divisionId: string | null;

  /** The account that owns the dossier (the citizen); null for desk-registered dossiers without an account. */
  @Column({ type: 'uuid', nullable: true })
  applicantUserId: string | null;

  /** The officer who registered an in-person or postal dossier. */
  @Column({ type: 'uuid', nullable: true })
  registeredBy: string | null;

  @Column({ type: 'jsonb' })
  applicant: ApplicantData;

  /** Denormalised for the work list's free-text search. */
  @Column({ type: 'varchar', length: 255 })
  applicantName: string;

  /** Denormalised for the public lookup (code + ID number). */
  @Column({ type: 'varchar', length: 20 })
  applicantIdNumber: string;

  @Column({ type: 'jsonb' })
  fields: Record<string, unknown>;

  /** KenhThucHien: 1 in person, 2 online, 3 postal. */
  @Column({ type: 'smallint' })
  channel: number;

  /** online | post | counter */
  @Column({ type: 'varchar', length: 16 })
  resultDelivery: string;

  /** Portal status 1–10. */
  @Column({ type: 'smallint' })
  status: number;

  @Column({ type: 'varchar', length: 64 })
  step: string;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  /** Optimistic concurrency: incremented by every applied command. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** Last event sequence issued for this dossier (webhook consumers drop stale updates). */
  @Column({ type: 'integer', default: 0 })
  sequence: number;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  receivedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  stepDueAt: Date | null;

  /** When the current step becomes "due soon" (its escalation's warning time before stepDueAt). */
  @Index({ where: 'finished_at IS NULL AND step_warned_at IS NULL' })
  @Column({ type: 'timestamptz', nullable: true })
  stepDueSoonAt: Date | null;

  /** When the step's automatic action (e.g. close an unsupplemented dossier) is due. */
  @Index({ where: 'step_auto_action_at IS NOT NULL' })
  @Column({ type: 'timestamptz', nullable: true })
  stepAutoActionAt: Date | null;

  /** Set once the current step's due-soon warning was raised (reset on every step change). */
  @Column({ type: 'timestamptz', nullable: true })
  stepWarnedAt: Date | null;

  /** Set once the current step's overdue was raised (reset on every step change). */
  @Index({ where: 'finished_at IS NULL AND step_overdue_at IS NULL' })
  @Column({ type: 'timestamptz', nullable: true })
  stepOverdueAt: Date | null;

  /** Set once the dossier's legal due date passed without a result. */
  @Column({ type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  /** When the dossier entered its current step (timers check they still refer to this entry). */
  @Column({ type: 'timestamptz', nullable: true })
  stepEnteredAt: Date | null;

  /** Set while the clock is stopped (waiting for the applicant or another agency). */
  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  /** applicant | external */
  @Column({ type: 'varchar', length: 16, nullable: true })
  pauseReason: 'applicant' | 'external' | null;

  /** Closed pauses; the due date is recomputed from acceptance, the limit and these. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  pauses: ClockPause[];

  @Column({ type: 'integer', default: 0 })
  supplementRequestCount: number;

  /** The apology with a new date (form 04) may be issued once. */
  @Column({ type: 'timestamptz', nullable: true })
  extendedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  extendedDueAt: Date | null;

  /** Number of the issued result document (giấy phép, văn bản chấp thuận…). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  resultNumber: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
