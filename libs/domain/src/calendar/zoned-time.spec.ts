import { addDays, daysBetween, isCivilDate, isoWeekday, julianDayNumber, parseCivilDate } from './civil-date';
import { civilDateIn, formatWallClock, parseClockTime, toWallClock, wallClockToInstant, zoneOffsetMs } from './zoned-time';

const VN = 'Asia/Ho_Chi_Minh';

describe('zoned time', () => {
  it('reads the wall clock of the configured zone', () => {
    expect(toWallClock(new Date('2025-11-03T02:00:00Z'), VN)).toEqual({ date: '2025-11-03', hour: 9, minute: 0, second: 0, millisecond: 0 });
    // 20:30 UTC is already the next morning in Vietnam
    expect(civilDateIn(new Date('2025-11-03T20:30:00Z'), VN)).toBe('2025-11-04');
    expect(formatWallClock(new Date('2025-11-03T20:30:00Z'), VN)).toBe('2025-11-04 03:30');
    expect(formatWallClock(new Date('2025-11-03T20:30:15Z'), VN)).toBe('2025-11-04 03:30:15');
  });

  it('derives the offset from the zone data: +7 today, +8 before 13 June 1975 in the South', () => {
    expect(zoneOffsetMs(new Date('2025-06-01T00:00:00Z'), VN)).toBe(7 * 3_600_000);
    expect(zoneOffsetMs(new Date('1970-01-01T00:00:00Z'), VN)).toBe(8 * 3_600_000);
  });

  it('reads offsets right on both sides of a transition, at the quarter hour and off it', () => {
    // Berlin springs forward at 01:00 UTC, a quarter-hour boundary.
    expect(toWallClock(new Date('2025-03-30T00:59:59.999Z'), 'Europe/Berlin')).toEqual({ date: '2025-03-30', hour: 1, minute: 59, second: 59, millisecond: 999 });
    expect(toWallClock(new Date('2025-03-30T01:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2025-03-30', hour: 3, minute: 0, second: 0, millisecond: 0 });
    // Saigon left its local mean time (+7:06:30) at 16:53:30 UTC, inside a quarter hour: read per instant.
    const offsets = ['1911-04-30T16:45:00Z', '1911-04-30T16:53:29Z', '1911-04-30T16:53:30Z', '1911-04-30T16:59:59Z', '1911-04-30T16:53:29Z']
      .map((at) => zoneOffsetMs(new Date(at), VN) / 1000);
    expect(offsets).toEqual([25_590, 25_590, 25_200, 25_200, 25_590]);
  });

  it('turns a wall-clock time into an instant', () => {
    expect(wallClockToInstant('2025-11-03', 7 * 60, VN).toISOString()).toBe('2025-11-03T00:00:00.000Z');
    expect(wallClockToInstant('2025-11-03', 17 * 60, VN).toISOString()).toBe('2025-11-03T10:00:00.000Z');
    expect(wallClockToInstant('2025-11-03', 24 * 60, VN).toISOString()).toBe('2025-11-03T17:00:00.000Z');
    expect(wallClockToInstant('2025-11-03', 7 * 60, 'Asia/Tokyo').toISOString()).toBe('2025-11-02T22:00:00.000Z');
  });

  it('handles DST for zones that have it (not Vietnam): gap moves later, overlap takes the first', () => {
    // Berlin springs forward 02:00 → 03:00 on 2025-03-30 and falls back 03:00 → 02:00 on 2025-10-26.
    expect(wallClockToInstant('2025-03-30', 7 * 60, 'Europe/Berlin').toISOString()).toBe('2025-03-30T05:00:00.000Z');
    expect(wallClockToInstant('2025-03-30', 150, 'Europe/Berlin').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(wallClockToInstant('2025-10-26', 150, 'Europe/Berlin').toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(wallClockToInstant('2025-10-26', 7 * 60, 'Europe/Berlin').toISOString()).toBe('2025-10-26T06:00:00.000Z');
  });

  it('rejects unknown zones and malformed dates', () => {
    expect(() => toWallClock(new Date(), 'Asia/Hanoi_City')).toThrow(RangeError);
    expect(() => wallClockToInstant('2025-02-30', 0, VN)).toThrow(RangeError);
    expect(() => toWallClock(new Date(Number.NaN), VN)).toThrow(RangeError);
  });

  it('parses office-hour clock times', () => {
    expect(parseClockTime('07:00')).toBe(420);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(parseClockTime('7:00')).toBeUndefined();
    expect(parseClockTime('12:60')).toBeUndefined();
    expect(parseClockTime('24:01')).toBeUndefined();
  });
});

describe('civil dates', () => {
  it('does day arithmetic without touching the process zone', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2025-01-29', '2026-02-17')).toBe(384);
    expect(isoWeekday('2025-11-03')).toBe(1);
    expect(isoWeekday('2025-11-09')).toBe(7);
    expect(julianDayNumber('2000-01-01')).toBe(2451545);
  });

  it('validates dates', () => {
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2025-02-29')).toBe(false);
    expect(isCivilDate('2025-1-01')).toBe(false);
    expect(parseCivilDate('2025-13-01')).toBeUndefined();
    expect(() => addDays('nope', 1)).toThrow(RangeError);
  });
});
