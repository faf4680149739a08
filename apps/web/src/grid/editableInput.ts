import { formatWithCode } from '@cellmate/formula'
import type { CellFormat } from '@cellmate/model'

/** A number as stored: what the editor would otherwise show of a date or a percentage. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/

/** Codes whose text reads back as the same number when typed (`inferValue`). */
const EDIT_CODES: Partial<Record<NonNullable<CellFormat['numFmt']>, string>> = {
  date: 'yyyy-mm-dd',
  time: 'h:mm:ss',
  datetime: 'yyyy-mm-dd h:mm:ss',
}

/**
 * What the cell editor and the formula bar show of a stored input, as Sheets and Excel do: a
 * number the cell shows as a date, a time or a percentage is edited as one (`2026-12-25`,
 * `14:30:00`, `25%`), not as its serial (`46381`) or fraction (`0.25`); typed back unchanged
 * it is the same number. Anything else (formulas, text, other formats) as stored.
 */
export function editableInput(stored: string, format: CellFormat): string {
  if (!format.numFmt || !PLAIN_NUMBER.test(stored)) return stored
  const n = Number(stored)
  if (format.numFmt === 'percent') return `${Number((n * 100).toPrecision(15))}%`
  const code = EDIT_CODES[format.numFmt]
  if (!code || n < 0) return stored
  return formatWithCode(n, code, 'fail') ?? stored
}
