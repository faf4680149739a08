/**
 * Excel date serials (1900 date system): day 1 is 1900-01-01, and — to stay compatible with
 * Lotus 1-2-3, as Excel does — 1900-02-29 exists as day 60. So every date from 1900-03-01 on
 * is (days since 1899-12-30), and January–February 1900 are one less.
 */

const MS_PER_DAY = 86_400_000
const EPOCH = Date.UTC(1899, 11, 30)
const MARCH_1900 = 61

/** True when `year-month-day` is a real calendar date (month 1–12). */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const probe = new Date(Date.UTC(year, month - 1, day))
  return probe.getUTCFullYear() === year && probe.getUTCDate() === day
}

/** `(2026, 1, 31)` -> 46053. Years 1900–9999, like Excel; null outside. */
export function dateToSerial(year: number, month: number, day: number): number | null {
  if (year < 1900 || year > 9999 || !isValidDate(year, month, day)) return null
  const serial = Math.round((Date.UTC(year, month - 1, day) - EPOCH) / MS_PER_DAY)
  return serial < MARCH_1900 ? serial - 1 : serial
}

/** 46053 -> `{year: 2026, month: 1, day: 31}`; the time of day (fraction) is ignored. */
export function serialToDate(serial: number): { year: number; month: number; day: number } {
  const whole = Math.floor(serial)
  if (whole === 60) return { year: 1900, month: 2, day: 29 }
  const days = whole < MARCH_1900 ? whole + 1 : whole
  const d = new Date(EPOCH + days * MS_PER_DAY)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}
