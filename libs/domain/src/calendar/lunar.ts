import { civilDateFromJulianDay } from './civil-date';

// Vietnamese lunar calendar → civil date, by the astronomical method published by Hồ Ngọc Đức
// ("Computing the Vietnamese lunar calendar"): months start on the day (in UTC+7) of the new moon,
// month 11 contains the winter solstice, and a 13-month year repeats the first month that
// contains no major solar term.
//
// Why not call @dqcai/vn-lunar at run time: that package declares "type": "module" while its
// CommonJS entry is an obfuscated build, so a compiled CommonJS service `require`s an empty
// module under Node 20 (and tsc rejects the import with TS1479). The package is still used by
// lunar.spec.ts as an independent oracle for every year 1970–2199.

/** Vietnam has reckoned the lunar calendar on UTC+7 (meridian 105°E) since 1968. */
const VN_LUNAR_TZ_HOURS = 7;
const SYNODIC_MONTH = 29.530588853;
const JD_NEW_MOON_1900 = 2415021.076998695;
const DEG = Math.PI / 180;

export interface LunarDate {
  day: number;
  month: number; // 1..12
  year: number; // the Gregorian year in which this lunar year begins
  leap?: boolean; // the repeated (intercalary) month
}

/** The civil date ('YYYY-MM-DD') on which a lunar date falls in Vietnam. */
export function lunarToCivilDate(date: LunarDate): string {
  return civilDateFromJulianDay(lunarToJulianDay(date));
}

/** Julian Day Number (integer) of the civil date of a lunar date, in UTC+7. */
export function lunarToJulianDay({ day, month, year, leap = false }: LunarDate): number {
  const [a11, b11] = month < 11
    ? [lunarMonth11(year - 1), lunarMonth11(year)]
    : [lunarMonth11(year), lunarMonth11(year + 1)];
  const k = Math.floor(0.5 + (a11 - JD_NEW_MOON_1900) / SYNODIC_MONTH);
  let offset = (month - 11 + 12) % 12;
  if (b11 - a11 > 365) {
    // Thirteen new moons between the two solstice months: one of them is a leap month.
    const leapOffset = leapMonthOffset(a11);
    const leapMonth = (leapOffset - 2 + 12) % 12;
    if (leap && month !== leapMonth) throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`Lunar year ${year} has no leap month`);
  }
  return newMoonDay(k + offset) + day - 1;
}

/** Day (JDN, local UTC+7) of the k-th new moon after the one of 1900-01-01. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + VN_LUNAR_TZ_HOURS / 24);
}

/** The new-moon day that starts lunar month 11 (the month of the winter solstice) of `year`. */
function lunarMonth11(year: number): number {
  const off = julianDay(31, 12, year) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  return sunLongitudeSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Offset (from month 11) of the first month without a major solar term: the leap month. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - JD_NEW_MOON_1900) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunLongitudeSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Sun longitude at local midnight starting day `jdn`, as one of 12 sectors of 30°. */
function sunLongitudeSector(jdn: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - VN_LUNAR_TZ_HOURS / 24) / Math.PI) * 6);
}

/** Julian Day Number of a Gregorian (or, before 1582-10-15, Julian) calendar date. */
function julianDay(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jd = day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
  return jd < 2299161 ? day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083 : jd;
}

/** Julian date (fractional, UT) of the k-th new moon (Meeus, Astronomical Algorithms, ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(DEG * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DEG * (M - Mpr)) + 0.0004 * Math.sin(DEG * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  const deltaT = T < -11
    ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
    : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Apparent sun longitude in radians [0, 2π) at Julian date `jd` (UT). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  const L = (L0 + DL) * DEG;
  return L - 2 * Math.PI * Math.floor(L / (2 * Math.PI));
}
