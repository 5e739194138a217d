import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A recomputation of open dossiers' due dates that the calendar's official days asked for: written
 * in the transaction that changed the days (a release shipping a new government notice), carried
 * out by the workflow engine. Stored, so a crash between the two does not lose it.
 */
@Entity('calendar_recomputes')
export class CalendarRecomputeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** The days whose kind changed: only dossiers whose span covers one of them can move. */
  @Column({ type: 'date', array: true })
  dates: string[];

  @Column({ type: 'varchar', length: 255 })
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** While set and recent, an engine is working on it; a crashed engine's claim lapses. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;
}
