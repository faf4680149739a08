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
