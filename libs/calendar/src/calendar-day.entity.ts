import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The editable calendar table: days that differ from the weekly pattern
 * (holidays and days off on weekdays, make-up working days on weekends).
 */
@Entity('calendar_days')
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date' })
  date: string;

  /** holiday | day_off | working_day */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 255 })
  reason: string;

  /** statutory (lunar/fixed computation) | announced (government notice in config/) | admin */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
