import type { CellFormat } from '@cellmate/model'
import type { CellKind } from '@cellmate/formula'

/** Left and right padding of a cell's text (see `.cell` in cellStrip.css). */
export const CELL_PADDING = 8

/** Text spilling over empty neighbours: which way and how wide its box is in all. */
export interface CellSpill {
  side: 'right' | 'left'
  width: number
}

/**
 * How far a cell's text may spill, as in Sheets and Excel: text (not numbers, booleans or
 * errors) that does not wrap runs into the empty cells beside it, to the right when aligned
 * left (the default), to the left when aligned right, and stops at the first cell that holds
 * anything. Only as far as `limit` columns on each side (the rendered window). Null when the
 * text fits its own cell or cannot spill.
 */
export function cellSpill(options: {
  kind: CellKind
  format: CellFormat
  col: number
  /** The text's width in px, and the cell's. */
  textWidth: number
  width: (col: number) => number
  isEmpty: (col: number) => boolean
  limit: { first: number; last: number }
}): CellSpill | null {
  const { kind, format, col, textWidth, width, isEmpty, limit } = options
  if (kind !== 'text' || format.wrap || format.align === 'center') return null
  const own = width(col)
  if (textWidth + CELL_PADDING <= own) return null
  const side = format.align === 'right' ? 'left' : 'right'
  const step = side === 'right' ? 1 : -1
  let total = own
  for (let c = col + step; c >= limit.first && c <= limit.last; c += step) {
    if (!isEmpty(c)) break
    total += width(c)
    if (textWidth + CELL_PADDING <= total) break
  }
  return total === own ? null : { side, width: total }
}

/** A number as the General format writes it (`1234.5`, `-0.25`, `1.23457E+11`). */
const GENERAL_NUMBER = /^-?\d+(\.\d+)?(E[+-]\d+)?$/

/** `n` in Excel's scientific notation with `digits` decimals, trailing zeros dropped: `1.2E+11`. */
function scientific(n: number, digits: number): string {
  const [mantissa, exp] = n.toExponential(digits).split('e') as [string, string]
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa
  const e = Number(exp)
  return `${trimmed}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
}

/**
 * What a number in the General format shows in a column too narrow for it, as in Excel: fewer
 * decimals first (`3.14159265` → `3.1416` → `3.14` → `3`), as long as the number keeps its size
 * (never rounded to 0; below 0.001 it goes straight on), then scientific notation with fewer
 * and fewer digits (`123456789012` → `1.23457E+11` → `1.2E+11` → `1E+11`), and `###` only
 * when not even that fits. `fits` says whether a text fits the cell.
 */
export function fitGeneralNumber(text: string, fits: (text: string) => boolean): string {
  if (fits(text)) return text
  const n = Number(text)
  if (!GENERAL_NUMBER.test(text) || !Number.isFinite(n)) return '###'
  const abs = Math.abs(n)
  const dot = text.indexOf('.')
  if (!text.includes('E') && dot >= 0 && abs >= 0.001) {
    for (let decimals = text.length - dot - 2; decimals >= 0; decimals--) {
      const fixed = n.toFixed(decimals)
      const shorter = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed
      if (Number(shorter) === 0) break
      if (fits(shorter)) return shorter
    }
  }
  for (let digits = 5; digits >= 0; digits--) {
    const short = scientific(n, digits)
    if (short.length < text.length && fits(short)) return short
  }
  return '###'
}

/**
 * What a number shows in a cell `width` px wide, never cut off: its text when it fits; in the
 * General format a shorter form of it (`fitGeneralNumber`); else `###`, as in Excel. Anything
 * but a number, and a number whose cell wraps, shows its text.
 */
export function numberShown(
  kind: CellKind,
  format: CellFormat,
  text: string,
  textWidth: number,
  width: number,
): string {
  if (!numberTooWide(kind, format, textWidth, width)) return text
  const general = (format.numFmt === undefined || format.numFmt === 'general') && !format.numFmtCode
  if (!general) return '###'
  return fitGeneralNumber(text, (t) => measureCellText(t, format) + CELL_PADDING <= width)
}

/** Whether a number is too wide for its column: it then shows `###`, never cut off. */
export function numberTooWide(
  kind: CellKind,
  format: CellFormat,
  textWidth: number,
  width: number,
): boolean {
  return kind === 'number' && !format.wrap && textWidth + CELL_PADDING > width
}

let context: CanvasRenderingContext2D | null | undefined
let family = ''

/**
 * Widths measured so far, one map per font variant (plain, italic, bold, bold italic): a
 * scroll measures every text cell it brings in, and a sheet repeats its texts (categories,
 * statuses, round numbers). The grid's fonts are system fonts, so a width never goes stale.
 */
const measured: Array<Map<string, number>> = [new Map(), new Map(), new Map(), new Map()]
let measuredCount = 0
/** Past this many widths the cache starts again, so a huge sheet's texts do not pile up. */
const MAX_MEASURED = 50_000

/** The width of a cell's text in px, in the grid's font; 0 where nothing can measure. */
export function measureCellText(text: string, format: CellFormat): number {
  if (text === '') return 0
  const widths = measured[(format.italic ? 1 : 0) + (format.bold ? 2 : 0)]!
  const known = widths.get(text)
  if (known !== undefined) return known
  if (context === undefined) {
    try {
      context =
        typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
    } catch {
      // No canvas (a test DOM): nothing spills and no number is too wide.
      context = null
    }
    family =
      typeof document === 'undefined' ? 'sans-serif' : getComputedStyle(document.body).fontFamily
  }
  if (!context) return 0
  context.font = `${format.italic ? 'italic ' : ''}${format.bold ? '700 ' : ''}13px ${family}`
  const width = context.measureText(text).width
  if (++measuredCount > MAX_MEASURED) {
    for (const m of measured) m.clear()
    measuredCount = 1
  }
  widths.set(text, width)
  return width
}
