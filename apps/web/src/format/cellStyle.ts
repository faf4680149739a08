import type { CSSProperties } from 'vue'
import type { CellFormat } from '@cellmate/model'

/** Inline style of a grid cell; only the properties a format sets, so defaults stay in CSS. */
export type CellStyle = Pick<
  CSSProperties,
  | 'fontWeight'
  | 'fontStyle'
  | 'textDecoration'
  | 'color'
  | 'backgroundColor'
  | 'textAlign'
  | 'whiteSpace'
  | 'overflowWrap'
  | 'lineHeight'
  | 'boxShadow'
>

/**
 * The CSS a cell format stands for, or undefined for an unformatted cell (most cells, so
 * rendering a screenful stays a few property reads per cell). Colours reach here validated
 * by the model (`#rrggbb` only), so nothing from another client can inject CSS.
 */
export function cellStyle(format: CellFormat): CellStyle | undefined {
  let style: CellStyle | undefined
  const set = <K extends keyof CellStyle>(key: K, value: CellStyle[K]): void => {
    style ??= {}
    style[key] = value
  }
  if (format.bold) set('fontWeight', '700')
  if (format.italic) set('fontStyle', 'italic')
  if (format.underline) set('textDecoration', 'underline')
  if (format.color) set('color', format.color)
  if (format.fill) set('backgroundColor', format.fill)
  if (format.align) set('textAlign', format.align)
  if (format.wrap) {
    // The row grows to show every line unless its height was set by hand (`autoRowHeights`).
    set('whiteSpace', 'pre-wrap')
    set('overflowWrap', 'anywhere')
    set('lineHeight', '15px')
  }
  return style
}
