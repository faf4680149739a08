import {
  dateToSerial,
  formatWithCode,
  inferValue,
  isFormula,
  serialToDate,
} from '@cellmate/formula'
import { formatStep, linearTrend } from './linearTrend'

/** How a number was typed, so that what continues it is typed (and so formatted) the same way. */
type NumberStyle =
  | { kind: 'plain' }
  | { kind: 'grouped' }
  | { kind: 'currency'; grouped: boolean }
  | { kind: 'percent' }
  /** Dates and times, written back in the code they were read in (`m/d/yyyy`, `h:mm AM/PM`). */
  | { kind: 'code'; code: string }

interface TypedNumber {
  value: number
  style: NumberStyle
  /** A whole date without a time of day. */
  date: boolean
  /**
   * What one such cell steps by when it is filled alone (Excel): a day for a date or a date
   * and time, an hour for a time of day or a duration; null: copied.
   */
  unitStep: number | null
}

/** A raw input the sheet reads as a number (`2.5`, `$19.99`, `15%`, `2026-01-31`, `14:30`). */
function readTypedNumber(raw: string): TypedNumber | null {
  if (isFormula(raw)) return null
  const input = inferValue(raw)
  const value = input.value
  if (typeof value !== 'number') return null
  switch (input.format) {
    case undefined:
      return { value, style: { kind: 'plain' }, date: false, unitStep: null }
    case 'number':
      return { value, style: { kind: 'grouped' }, date: false, unitStep: null }
    case 'currency': {
      const style: NumberStyle = { kind: 'currency', grouped: raw.includes(',') }
      return { value, style, date: false, unitStep: null }
    }
    case 'percent':
      return { value, style: { kind: 'percent' }, date: false, unitStep: null }
    case 'date': {
      const style: NumberStyle = { kind: 'code', code: input.code ?? 'yyyy-mm-dd' }
      return { value, style, date: true, unitStep: 1 }
    }
    default: {
      if (input.code === undefined) return null
      const unitStep =
        input.format === 'datetime'
          ? 1
          : input.format === 'time' || input.format === 'duration'
            ? 1 / 24
            : null
      return { value, style: { kind: 'code', code: input.code }, date: false, unitStep }
    }
  }
}

function grouped(x: number): string {
  const text = formatStep(x)
  if (/e/i.test(text)) return text
  const [whole = '', fraction] = text.split('.')
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction === undefined ? digits : `${digits}.${fraction}`
}

/** `value` typed in `style`: reading it back gives `value` and the same format. */
function writeNumber(value: number, style: NumberStyle): string {
  switch (style.kind) {
    case 'plain':
      return formatStep(value)
    case 'grouped':
      return grouped(value)
    case 'currency': {
      const amount = Math.abs(value)
      return `${value < 0 ? '-' : ''}$${style.grouped ? grouped(amount) : formatStep(amount)}`
    }
    case 'percent':
      return `${formatStep(value * 100)}%`
    case 'code':
      return formatWithCode(value, style.code) ?? formatStep(value)
  }
}

/**
 * Dates on one day of the month that step by whole months (or years): the month step, else
 * null. Sheets and Excel fill these by calendar months, not by a count of days.
 */
function monthStep(serials: readonly number[]): number | null {
  const dates = serials.map(serialToDate)
  const first = dates[0]!
  const months = dates.map((d) => d.year * 12 + d.month - 1)
  const step = months[1]! - months[0]!
  const even = months.every((m, k) => m - months[0]! === k * step)
  return step !== 0 && even && dates.every((d) => d.day === first.day) ? step : null
}

/** `first` moved by `months`, on its day or the month's last day when that is shorter. */
function addMonths(first: number, months: number): number | null {
  const { year, month, day } = serialToDate(first)
  const total = year * 12 + month - 1 + months
  const y = Math.floor(total / 12)
  const m = (total % 12) + 1
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return dateToSerial(y, m, Math.min(day, lastDay))
}

function dateLine(serials: readonly number[], unit: 1 | -1): (i: number) => number {
  if (serials.length === 1) {
    const first = serials[0]!
    return (i) => first + unit * i
  }
  const days = linearTrend(serials)
  const step = monthStep(serials)
  if (step === null) return (i) => Math.round(days(i))
  const first = serials[0]!
  // Past the calendar's ends (before 1900, after 9999) the day trend goes on.
  return (i) => addMonths(first, i * step) ?? Math.round(days(i))
}

/**
 * Numbers, however they were typed (`2.5`, `$19.99`, `15%`, `1,234`, dates, times): one number
 * is copied (null here, so the caller repeats it), one date (or date and time) steps by a day
 * and one time of day by an hour, as in Excel (`unit`, -1 when filling backwards); several
 * continue their linear trend, dates by whole months or years when
 * that is how they step. Each result is typed like the source cell it repeats, so it keeps
 * that cell's value semantics and format. Null unless every source is a number.
 */
export function typedNumberSeries(
  source: readonly string[],
  unit: 1 | -1,
): ((i: number) => string) | null {
  const numbers = source.map(readTypedNumber)
  if (!numbers.every((t): t is TypedNumber => t !== null)) return null
  const styleAt = (i: number): NumberStyle => numbers[i % numbers.length]!.style
  if (numbers.every((t) => t.date)) {
    const line = dateLine(
      numbers.map((t) => t.value),
      unit,
    )
    return (i) => writeNumber(line(i), styleAt(i))
  }
  if (numbers.length === 1) {
    const only = numbers[0]!
    if (only.unitStep === null) return null
    const step = unit * only.unitStep
    // Whole minutes stay whole: an hour's step in floating point drifts by a few ulps a cell.
    return (i) => writeNumber(Math.round((only.value + step * i) * 86_400e3) / 86_400e3, only.style)
  }
  const line = linearTrend(numbers.map((t) => t.value))
  return (i) => writeNumber(line(i), styleAt(i))
}
