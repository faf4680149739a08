import { mixColors, type SheetTable } from '@cellmate/model'
import type { CellStyle } from '../format/cellStyle'

/**
 * How a cell of an Excel table looks under the table's style, so a user sees the table: the
 * header row filled (or underlined, in the light styles) and bold, banded rows tinted, the
 * totals row bold above a line. Excel's built-in styles come in families of seven, one per
 * theme colour: `TableStyleLight1`–`21`, `Medium1`–`28`, `Dark1`–`11`, the first of each seven
 * neutral, the others Office's six accents. This palette follows that pattern with the default
 * Office theme (a workbook's own theme and custom styles are not read); an unknown style name
 * looks like Excel's default, `TableStyleMedium2`. A cell's own fill, colour and bold win over
 * the table's, as direct formatting does in Excel.
 */

/** Office's default theme: dark text, then accents 1–6. */
const THEME = ['#404040', '#4472c4', '#ed7d31', '#a5a5a5', '#ffc000', '#5b9bd5', '#70ad47']
const WHITE = '#ffffff'

interface StyleLook {
  header: CellStyle
  body: CellStyle | undefined
  band: CellStyle | undefined
  totals: CellStyle
  /** First and last columns, when the table shows them. */
  edge: CellStyle
}

const line = (color: string, side: 'top' | 'bottom'): string =>
  `inset 0 ${side === 'top' ? 1 : -1}px 0 ${color}`

/** The look of a style name; null for a table without a style. */
export function tableStyleLook(style: string): StyleLook | null {
  if (style === '') return null
  const m = /^TableStyle(Light|Medium|Dark)(\d{1,2})$/.exec(style)
  const family = m?.[1] ?? 'Medium'
  const n = m ? Number(m[2]) : 2
  const base = THEME[(n - 1) % 7] as string
  const tint = (t: number): string => mixColors(base, WHITE, t)
  const bold = { fontWeight: '700' }
  if (family === 'Dark') {
    const body = n <= 7 ? mixColors(base, '#000000', 0.25) : tint(0.2)
    const text = n <= 7 ? WHITE : undefined
    return {
      header: { ...bold, backgroundColor: '#000000', color: WHITE },
      body: { backgroundColor: body, color: text },
      band: { backgroundColor: n <= 7 ? mixColors(base, '#000000', 0.4) : tint(0.4), color: text },
      totals: { ...bold, backgroundColor: n <= 7 ? '#000000' : body, color: text ?? '#000000' },
      edge: { ...bold, color: text },
    }
  }
  const filledHeader = { ...bold, backgroundColor: base, color: WHITE }
  if (family === 'Light') {
    const group = Math.ceil(n / 7)
    return {
      header: group === 2 ? filledHeader : { ...bold, boxShadow: line(base, 'bottom') },
      body: undefined,
      band: { backgroundColor: tint(0.8) },
      totals: { ...bold, boxShadow: line(base, 'top') },
      edge: bold,
    }
  }
  const group = Math.ceil(n / 7)
  return {
    header: filledHeader,
    body: group === 2 ? { backgroundColor: tint(0.6) } : undefined,
    band: { backgroundColor: tint(group === 2 ? 0.4 : 0.8) },
    totals: { ...bold, boxShadow: line(base, 'top') },
    edge: bold,
  }
}

/** The table style's look at a cell of `table` (row and column in the sheet), or undefined. */
export function tableCellLook(
  table: SheetTable,
  row: number,
  col: number,
  look = tableStyleLook(table.style),
): CellStyle | undefined {
  if (!look) return undefined
  const { start, end } = table.range
  if (table.headerRow && row === start.row) return look.header
  if (table.totalsRow && row === end.row) return look.totals
  const firstData = start.row + (table.headerRow ? 1 : 0)
  const banded = table.bandedRows && (row - firstData) % 2 === 0
  const bandedCol = table.bandedCols && (col - start.col) % 2 === 0
  const fill = banded || bandedCol ? look.band : look.body
  const edge =
    (table.firstColumn && col === start.col) || (table.lastColumn && col === end.col)
      ? look.edge
      : undefined
  return fill || edge ? { ...fill, ...edge } : undefined
}

/** A cell's own style over the table's look (a cell's own format wins). */
export function withTableLook(
  tableLook: CellStyle | undefined,
  own: CellStyle | undefined,
): CellStyle | undefined {
  if (!tableLook) return own
  return own ? { ...tableLook, ...own } : tableLook
}
