import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@motcua/config';
import type { Channel } from '../entities';

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar day (yyyy-MM-dd) of an instant: the cap resets at midnight in TIME_ZONE, not UTC. */
export function localDay(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

/**
 * At most EMAIL_DAILY_CAP / SMS_DAILY_CAP messages handed to each channel per local day (0: no cap),
 * against runaway loops and provider bills. A message takes its slot on its first attempt (retries
 * do not count again); the upsert only increments below the cap, so concurrent workers never overshoot.
 */
@Injectable()
export class DailyCap {
  private readonly caps: Record<Channel, number>;
  private readonly timeZone: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.caps = { email: config.notifications.email.dailyCap, sms: config.notifications.sms.dailyCap };
    this.timeZone = config.workingTime.timeZone;
  }

  cap(channel: Channel): number {
    return this.caps[channel];
  }

  /** Every channel's cap, for a claim that takes its slot in SQL (see claimDueMessage). */
  allCaps(): Record<Channel, number> {
    return { ...this.caps };
  }

  /** The day whose count a message sent at `at` takes its slot in. */
  day(at: Date): string {
    return localDay(at, this.timeZone);
  }

  /** Takes a slot for one message; false when the day's cap is reached. */
  async reserve(manager: EntityManager, channel: Channel, now = new Date()): Promise<boolean> {
    const cap = this.caps[channel];
    if (cap === 0) return true;
    const rows: unknown[] = await manager.query(
      `INSERT INTO notification_daily_counts (channel, day, count) VALUES ($1, $2, 1)
       ON CONFLICT (channel, day) DO UPDATE SET count = notification_daily_counts.count + 1
       WHERE notification_daily_counts.count < $3
       RETURNING count`,
      [channel, this.day(now), cap],
    );
    return rows.length > 0;
  }
}
