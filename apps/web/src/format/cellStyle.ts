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
  // Most cells have no format: no object (nor closure) for them, a screenful at a time.
  const { bold, italic, underline, color, fill, align, wrap } = format
  if (!bold && !italic && !underline && !color && !fill && !align && !wrap) return undefined
  const style: CellStyle = {}
  if (bold) style.fontWeight = '700'
  if (italic) style.fontStyle = 'italic'
  if (underline) style.textDecoration = 'underline'
  if (color) style.color = color
  if (fill) style.backgroundColor = fill
  if (align) style.textAlign = align
  if (wrap) {
    // The row grows to show every line unless its height was set by hand (`autoRowHeights`).
    style.whiteSpace = 'pre-wrap'
    style.overflowWrap = 'anywhere'
    style.lineHeight = '15px'
  }
  return style
}
