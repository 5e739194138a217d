import { isoWeekday } from './civil-date';
import { statutoryHolidays } from './statutory-holidays';

const TET = 'Tết Nguyên đán';
const TET_COMP = 'Tết Nguyên đán (nghỉ bù)';

/** [date, reason] pairs, checked by hand against a printed calendar (weekday in the comment). */
const EXPECTED: Record<number, [string, string][]> = {
  2024: [
    ['2024-01-01', 'Tết Dương lịch'], // Mon
    ['2024-02-08', TET], // Thu, 29 Chạp
    ['2024-02-09', TET], // Fri, 30 Chạp
    ['2024-02-10', TET], // Sat, mùng 1
    ['2024-02-11', TET], // Sun
    ['2024-02-12', TET], // Mon
    ['2024-02-13', TET_COMP], // Tue, for Sat 10
    ['2024-02-14', TET_COMP], // Wed, for Sun 11 (official: off 08–14/02/2024)
    ['2024-04-18', 'Giỗ Tổ Hùng Vương'], // Thu
    ['2024-04-30', 'Ngày Chiến thắng'], // Tue
    ['2024-05-01', 'Ngày Quốc tế lao động'], // Wed
    ['2024-09-02', 'Quốc khánh'], // Mon
    ['2024-09-03', 'Quốc khánh (ngày liền kề)'], // Tue (official: 31/08–03/09)
  ],
  2025: [
    ['2025-01-01', 'Tết Dương lịch'], // Wed
    ['2025-01-27', TET], // Mon, 28 Chạp
    ['2025-01-28', TET], // Tue, 29 Chạp (last day of Giáp Thìn)
    ['2025-01-29', TET], // Wed, mùng 1
    ['2025-01-30', TET], // Thu
    ['2025-01-31', TET], // Fri (official: Tết 27–31/01/2025)
    ['2025-04-07', 'Giỗ Tổ Hùng Vương'], // Mon
    ['2025-04-30', 'Ngày Chiến thắng'], // Wed
    ['2025-05-01', 'Ngày Quốc tế lao động'], // Thu
    ['2025-09-01', 'Quốc khánh (ngày liền kề)'], // Mon
    ['2025-09-02', 'Quốc khánh'], // Tue
  ],
  2026: [
    ['2026-01-01', 'Tết Dương lịch'], // Thu
    ['2026-02-15', TET], // Sun, 28 Chạp
    ['2026-02-16', TET], // Mon, 29 Chạp (last day of Ất Tỵ)
    ['2026-02-17', TET], // Tue, mùng 1
    ['2026-02-18', TET], // Wed
    ['2026-02-19', TET], // Thu
    ['2026-02-20', TET_COMP], // Fri, for Sun 15 (official: Tết 16–20/02/2026)
    ['2026-04-26', 'Giỗ Tổ Hùng Vương'], // Sun
    ['2026-04-27', 'Giỗ Tổ Hùng Vương (nghỉ bù)'], // Mon
    ['2026-04-30', 'Ngày Chiến thắng'], // Thu
    ['2026-05-01', 'Ngày Quốc tế lao động'], // Fri
    ['2026-09-01', 'Quốc khánh (ngày liền kề)'], // Tue
    ['2026-09-02', 'Quốc khánh'], // Wed
  ],
  2027: [
    ['2027-01-01', 'Tết Dương lịch'], // Fri
    ['2027-02-04', TET], // Thu
    ['2027-02-05', TET], // Fri
    ['2027-02-06', TET], // Sat, mùng 1
    ['2027-02-07', TET], // Sun
    ['2027-02-08', TET], // Mon
    ['2027-02-09', TET_COMP], // Tue
    ['2027-02-10', TET_COMP], // Wed
    ['2027-04-16', 'Giỗ Tổ Hùng Vương'], // Fri
    ['2027-04-30', 'Ngày Chiến thắng'], // Fri
    ['2027-05-01', 'Ngày Quốc tế lao động'], // Sat
    ['2027-05-03', 'Ngày Quốc tế lao động (nghỉ bù)'], // Mon
    ['2027-09-02', 'Quốc khánh'], // Thu
    ['2027-09-03', 'Quốc khánh (ngày liền kề)'], // Fri: bridges to the weekend
  ],
  2028: [
    ['2028-01-01', 'Tết Dương lịch'], // Sat
    ['2028-01-03', 'Tết Dương lịch (nghỉ bù)'], // Mon
    ['2028-01-24', TET], // Mon
    ['2028-01-25', TET], // Tue
    ['2028-01-26', TET], // Wed, mùng 1
    ['2028-01-27', TET], // Thu
    ['2028-01-28', TET], // Fri
    ['2028-04-04', 'Giỗ Tổ Hùng Vương'], // Tue
    ['2028-04-30', 'Ngày Chiến thắng'], // Sun
    ['2028-05-01', 'Ngày Quốc tế lao động'], // Mon
    ['2028-05-02', 'Ngày Chiến thắng (nghỉ bù)'], // Tue: Mon 1/5 is itself a holiday
    ['2028-09-01', 'Quốc khánh (ngày liền kề)'], // Fri
    ['2028-09-02', 'Quốc khánh'], // Sat
    ['2028-09-04', 'Quốc khánh (nghỉ bù)'], // Mon
  ],
  2029: [
    ['2029-01-01', 'Tết Dương lịch'], // Mon
    ['2029-02-11', TET], // Sun
    ['2029-02-12', TET], // Mon
    ['2029-02-13', TET], // Tue, mùng 1
    ['2029-02-14', TET], // Wed
    ['2029-02-15', TET], // Thu
    ['2029-02-16', TET_COMP], // Fri
    ['2029-04-23', 'Giỗ Tổ Hùng Vương'], // Mon
    ['2029-04-30', 'Ngày Chiến thắng'], // Mon
    ['2029-05-01', 'Ngày Quốc tế lao động'], // Tue
    ['2029-09-02', 'Quốc khánh'], // Sun
    ['2029-09-03', 'Quốc khánh (ngày liền kề)'], // Mon
    ['2029-09-04', 'Quốc khánh (nghỉ bù)'], // Tue
  ],
  2030: [
    ['2030-01-01', 'Tết Dương lịch'], // Tue
    ['2030-01-31', TET], // Thu
    ['2030-02-01', TET], // Fri
    ['2030-02-02', TET], // Sat, mùng 1
    ['2030-02-03', TET], // Sun
    ['2030-02-04', TET], // Mon
    ['2030-02-05', TET_COMP], // Tue
    ['2030-02-06', TET_COMP], // Wed
    ['2030-04-12', 'Giỗ Tổ Hùng Vương'], // Fri
    ['2030-04-30', 'Ngày Chiến thắng'], // Tue
    ['2030-05-01', 'Ngày Quốc tế lao động'], // Wed
    ['2030-09-02', 'Quốc khánh'], // Mon
    ['2030-09-03', 'Quốc khánh (ngày liền kề)'], // Tue
  ],
};

describe('statutoryHolidays', () => {
  it.each(Object.keys(EXPECTED).map(Number))('lists every holiday and compensatory day of %i', (year) => {
    const days = statutoryHolidays(year);
    expect(days.map((d) => [d.date, d.reason])).toEqual(EXPECTED[year]);
    expect(days.every((d) => d.kind === 'holiday' && d.source === 'statutory')).toBe(true);
  });

  it.each([2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030, 2045, 2099])(
    'gives the 11 days of art. 112 in %i, with compensatory days only on weekdays', (year) => {
      const days = statutoryHolidays(year);
      const regular = days.filter((d) => !d.reason.endsWith('(nghỉ bù)'));
      const compensatory = days.filter((d) => d.reason.endsWith('(nghỉ bù)'));
      expect(regular).toHaveLength(11);
      expect(compensatory).toHaveLength(regular.filter((d) => isoWeekday(d.date) >= 6).length);
      expect(compensatory.every((d) => isoWeekday(d.date) <= 5)).toBe(true);
      expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
      expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
    });

  it('reproduces the civil-service schedules announced under the 2019 code (weekdays off)', () => {
    const weekdaysOff = (year: number, from: string, to: string) => statutoryHolidays(year)
      .map((d) => d.date)
      .filter((date) => date >= from && date <= to && isoWeekday(date) <= 5);
    expect(weekdaysOff(2021, '2021-02-01', '2021-02-28')).toEqual(['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-15', '2021-02-16']);
    expect(weekdaysOff(2022, '2022-01-15', '2022-02-15')).toEqual(['2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04']);
    expect(weekdaysOff(2023, '2023-01-15', '2023-02-15')).toEqual(['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26']);
    expect(weekdaysOff(2023, '2023-04-25', '2023-05-05')).toEqual(['2023-05-01', '2023-05-02', '2023-05-03']);
    expect(weekdaysOff(2023, '2023-08-28', '2023-09-08')).toEqual(['2023-09-01', '2023-09-04']);
    expect(weekdaysOff(2021, '2021-08-28', '2021-09-08')).toEqual(['2021-09-02', '2021-09-03']);
  });

  it('refuses years it was not checked for', () => {
    expect(() => statutoryHolidays(1967)).toThrow(RangeError);
    expect(() => statutoryHolidays(2200)).toThrow(RangeError);
    expect(() => statutoryHolidays(2025.5)).toThrow(RangeError);
  });
});
