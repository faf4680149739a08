import { MAX_AXIS_SIZE, formatsMap, parseFormatKey, type CellFormat } from '@cellmate/model'
import { gridCell } from '../formula/gridCell'
import type { SheetSession } from '../sync/sheetSession'
import { CELL_PADDING } from './cellOverflow'
import { ROW_HEIGHT } from './gridGeometry'

/** Line height of wrapped text (`cellStyle`'s `lineHeight`). */
export const WRAP_LINE_HEIGHT = 15
/** Room under the last wrapped line and the grid line, as the default row leaves one line. */
const WRAP_BOTTOM = ROW_HEIGHT - WRAP_LINE_HEIGHT
/**
 * Wrapped cells measured at most per sheet: a row grows for those, the rest keep the height
 * they have (measuring is a layout per distinct text and width).
 */
export const AUTO_HEIGHT_CELL_LIMIT = 5_000

/** The height in px a wrapped text needs in a column `width` px wide. */
export type WrapMeasure = (text: string, width: number, format: CellFormat) => number

/**
 * Row heights that wrapped text needs, by row index, for rows whose height nobody set by
 * hand (`manual`), as Sheets and Excel grow a row for wrapped text. Computed in each browser,
 * never stored: the text, the wrap format and the column width are shared, so everyone gets
 * the same rows, measured in their own font; a stored height would be a write on every
 * render of every client, racing the others, and right only for the fonts of whoever wrote
 * it. Only heights above the default are listed.
 */
export function autoRowHeights(
  sheet: SheetSession,
  colWidth: (col: number) => number,
  manual: ReadonlyMap<number, number>,
  measure: WrapMeasure,
): Map<number, number> {
  const heights = new Map<number, number>()
  const { layout } = sheet
  const blocks = sheet.mergedBlocks()
  let measured = 0
  for (const [key, value] of formatsMap(sheet.doc)) {
    if (value !== true || !key.endsWith(':wrap')) continue
    const at = parseFormatKey(key)
    if (!at) continue
    const row = layout.rowIndexOf(at.rowId)
    const col = layout.colIndexOf(at.colId)
    // Merged blocks keep their rows, as in Excel.
    if (row < 0 || col < 0 || manual.has(row) || blocks.at(row, col)) continue
    if (layout.cellAt(row, col) === '') continue
    if (++measured > AUTO_HEIGHT_CELL_LIMIT) break
    const format = sheet.format(row, col)
    const text = gridCell(sheet, row, col, format).text
    const width = colWidth(col) - CELL_PADDING - 1
    if (text === '' || width <= 0) continue
    const needed = Math.min(MAX_AXIS_SIZE, Math.ceil(measure(text, width, format) + WRAP_BOTTOM))
    if (needed > Math.max(ROW_HEIGHT, heights.get(row) ?? 0)) heights.set(row, needed)
  }
  return heights
}

/** Two height lists hold the same rows and heights. */
export function sameHeights(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
): boolean {
  if (a.size !== b.size) return false
  for (const [row, px] of a) if (b.get(row) !== px) return false
  return true
}

let box: HTMLDivElement | null = null
const cache = new Map<string, number>()
const CACHE_LIMIT = 10_000

/**
 * Measures wrapped text the way the grid lays it out (same font, wrapping and line height):
 * an off-screen box the browser lays out, so it breaks lines where the cell will. 0 where
 * nothing lays out (a test DOM).
 */
export const measureWrapped: WrapMeasure = (text, width, format) => {
  const key = `${format.bold ? 'b' : ''}${format.italic ? 'i' : ''}:${width}:${text}`
  const known = cache.get(key)
  if (known !== undefined) return known
  if (!box) {
    box = document.createElement('div')
    box.setAttribute('aria-hidden', 'true')
    Object.assign(box.style, {
      position: 'absolute',
      left: '-10000px',
      top: '0',
      visibility: 'hidden',
      whiteSpace: 'pre-wrap',
      overflowWrap: 'anywhere',
      lineHeight: `${WRAP_LINE_HEIGHT}px`,
      fontSize: '13px',
    })
    document.body.appendChild(box)
  }
  box.style.width = `${width}px`
  box.style.fontWeight = format.bold ? '700' : '400'
  box.style.fontStyle = format.italic ? 'italic' : 'normal'
  box.textContent = text
  const height = box.offsetHeight
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(key, height)
  return height
}
