import { dateToSerial, serialToDate } from './dateSerial.js'

/**
 * Day counts and coupon schedules of Excel's securities functions (basis 0 US 30/360,
 * 1 actual/actual, 2 actual/360, 3 actual/365, 4 European 30/360), following Microsoft's
 * documentation and the reference behaviour LibreOffice's analysis add-in reproduces.
 */

export type Basis = 0 | 1 | 2 | 3 | 4

interface Ymd {
  year: number
  month: number
  day: number
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number
}

function isLastDay(d: Ymd): boolean {
  return d.day === daysInMonth(d.year, d.month)
}

function serial(d: Ymd): number {
  return dateToSerial(d.year, d.month, d.day) as number
}

/** 30/360 day count between two dates (`from` <= `to`), US (NASD) or European. */
export function days360(from: number, to: number, us: boolean): number {
  const a = serialToDate(from)
  const b = serialToDate(to)
  let d1 = Math.min(a.day, 30)
  let d2 = Math.min(b.day, 30)
  if (us) {
    if (isLastDay(a)) d1 = 30
    if (isLastDay(b)) d2 = 30
    if ((a.month === 2 || d1 < 30) && b.day === 31) d2 = 31
    else if (b.month === 2 && isLastDay(b)) d2 = b.day
  }
  const diff = (b.year - a.year) * 360 + (b.month - a.month) * 30 + d2 - d1
  return Math.max(0, diff)
}

/** Days from `from` to `to` as the basis counts them. */
export function dayCount(from: number, to: number, basis: Basis): number {
  if (basis === 0) return days360(from, to, true)
  if (basis === 4) return days360(from, to, false)
  return to - from
}

/** Did the year appear to be at most one year apart (Excel's YEARFRAC basis 1 test)? */
function withinAYear(a: Ymd, b: Ymd): boolean {
  if (a.year === b.year) return true
  return a.year + 1 === b.year && (a.month > b.month || (a.month === b.month && a.day >= b.day))
}

function spansFeb29(start: number, end: number, a: Ymd, b: Ymd): boolean {
  for (const year of [a.year, b.year]) {
    if (!isLeap(year)) continue
    const march1 = serial({ year, month: 3, day: 1 })
    if (start < march1 && end >= march1) return true
  }
  return false
}

/** Excel's YEARFRAC (start <= end). */
export function yearFrac(start: number, end: number, basis: Basis): number {
  if (start === end) return 0
  if (start > end) return yearFrac(end, start, basis)
  const a = serialToDate(start)
  const b = serialToDate(end)
  switch (basis) {
    case 0: {
      let d1 = a.day
      let d2 = b.day
      const febEnd = (d: Ymd) => d.month === 2 && isLastDay(d)
      if (d1 === 31 && d2 === 31) {
        d1 = 30
        d2 = 30
      } else if (d1 === 31) d1 = 30
      else if (d1 === 30 && d2 === 31) d2 = 30
      else if (febEnd(a) && febEnd(b)) {
        d1 = 30
        d2 = 30
      } else if (febEnd(a)) d1 = 30
      return ((b.year - a.year) * 360 + (b.month - a.month) * 30 + d2 - d1) / 360
    }
    case 1: {
      if (withinAYear(a, b)) {
        const leap =
          (a.year === b.year && isLeap(a.year)) ||
          spansFeb29(start, end, a, b) ||
          (b.month === 2 && b.day === 29)
        return (end - start) / (leap ? 366 : 365)
      }
      const years = b.year - a.year + 1
      const days =
        serial({ year: b.year + 1, month: 1, day: 1 }) - serial({ year: a.year, month: 1, day: 1 })
      return (end - start) / (days / years)
    }
    case 2:
      return (end - start) / 360
    case 3:
      return (end - start) / 365
    default:
      return days360(start, end, false) / 360
  }
}

/**
 * The coupon date `months` months from `anchor` (a maturity or first-interest date): on the
 * anchor's day, or the month's last day when the anchor is a month end (end-of-month rule).
 */
export function couponDate(anchor: number, months: number): number {
  const a = serialToDate(anchor)
  const total = a.year * 12 + (a.month - 1) + months
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const last = daysInMonth(year, month)
  return serial({ year, month, day: isLastDay(a) ? last : Math.min(a.day, last) })
}

/** The coupon dates around `settlement` of a bond maturing at `maturity`. */
export interface CouponPeriod {
  /** Last coupon date on or before settlement (COUPPCD). */
  previous: number
  /** First coupon date after settlement (COUPNCD). */
  next: number
  /** Coupons still to be paid (COUPNUM). */
  remaining: number
}

export function couponPeriod(
  settlement: number,
  maturity: number,
  frequency: number,
): CouponPeriod {
  const step = 12 / frequency
  let k = 0
  while (couponDate(maturity, -(k + 1) * step) > settlement) k++
  // k coupons after the previous one, counting maturity: previous = maturity - (k+1) periods.
  const previous = couponDate(maturity, -(k + 1) * step)
  const next = couponDate(maturity, -k * step)
  return { previous, next, remaining: k + 1 }
}

/** Days in the coupon period holding settlement (COUPDAYS). */
export function couponDays(period: CouponPeriod, frequency: number, basis: Basis): number {
  if (basis === 1) return period.next - period.previous
  return (basis === 3 ? 365 : 360) / frequency
}

/** Days from the period's start to settlement (COUPDAYBS). */
export function couponDaysBefore(period: CouponPeriod, settlement: number, basis: Basis): number {
  return dayCount(period.previous, settlement, basis)
}

/** Days from settlement to the next coupon (COUPDAYSNC). */
export function couponDaysAfter(
  period: CouponPeriod,
  settlement: number,
  frequency: number,
  basis: Basis,
): number {
  if (basis === 0 || basis === 4) {
    return couponDays(period, frequency, basis) - couponDaysBefore(period, settlement, basis)
  }
  return period.next - settlement
}
