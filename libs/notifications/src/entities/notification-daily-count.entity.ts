import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Messages handed to each channel per local day: the daily cap is enforced by one atomic upsert on
 * this row, so several workers never overshoot it together.
 */
@Entity('notification_daily_counts')
export class NotificationDailyCountEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  channel: string;

  /** The calendar day in the service's time zone (TIME_ZONE). */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'integer', default: 0 })
  count: number;
}
