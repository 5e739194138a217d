import { formatCivilDate } from './civil-date';
import { lunarToCivilDate } from './lunar';

// @dqcai/vn-lunar is an ESM package with an obfuscated CommonJS build: usable from Jest only,
// which is why it serves here as an independent oracle and not at run time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vnLunar = require('@dqcai/vn-lunar') as {
  getSolarDate(day: number, month: number, year: number, leap?: boolean): { day: number; month: number; year: number };
};

function oracle(day: number, month: number, year: number, leap = false): string {
  const s = vnLunar.getSolarDate(day, month, year, leap);
  return formatCivilDate({ year: s.year, month: s.month, day: s.day });
}

describe('lunarToCivilDate', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
    // Vietnam's Tết Canh Tuất is on 2 February 2030, a day before China's: the new moon falls on
    // 2030-02-02 at about 16:08 UTC, i.e. 23:08 in UTC+7 but 00:08 on the 3rd in UTC+8.
    [2030, '2030-02-02'],
  ])('gives mùng 1 Tết of %i as %s', (year, expected) => {
    expect(lunarToCivilDate({ day: 1, month: 1, year })).toBe(expected);
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
    [2028, '2028-04-04'],
    [2029, '2029-04-23'],
    [2030, '2030-04-12'],
  ])('gives 10/3 lunar (Giỗ Tổ Hùng Vương) of %i as %s', (year, expected) => {
    expect(lunarToCivilDate({ day: 10, month: 3, year })).toBe(expected);
  });

  it('handles leap months: 2023 repeated month 2, 2025 repeated month 6', () => {
    expect(lunarToCivilDate({ day: 1, month: 2, year: 2023, leap: true })).toBe('2023-03-22');
    expect(lunarToCivilDate({ day: 1, month: 3, year: 2023 })).toBe('2023-04-20'); // after the leap month
    expect(lunarToCivilDate({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(() => lunarToCivilDate({ day: 1, month: 5, year: 2025, leap: true })).toThrow(RangeError);
    expect(() => lunarToCivilDate({ day: 1, month: 5, year: 2024, leap: true })).toThrow(RangeError);
  });

  it('agrees with @dqcai/vn-lunar on Tết and 10/3 for every year 1968–2150', () => {
    const disagreements: string[] = [];
    for (let year = 1968; year <= 2150; year++) {
      for (const [day, month] of [[1, 1], [10, 3]]) {
        const ours = lunarToCivilDate({ day, month, year });
        const theirs = oracle(day, month, year);
        if (ours !== theirs) disagreements.push(`${day}/${month}/${year}: ${ours} vs ${theirs}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees with @dqcai/vn-lunar on the leap months it was checked against', () => {
    expect(lunarToCivilDate({ day: 1, month: 2, year: 2023, leap: true })).toBe(oracle(1, 2, 2023, true));
    expect(lunarToCivilDate({ day: 1, month: 6, year: 2025, leap: true })).toBe(oracle(1, 6, 2025, true));
  });
});
