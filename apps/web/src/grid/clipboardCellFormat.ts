import { isFormatAttr, isValidFormatValue, type CellFormat } from '@cellmate/model'

/**
 * Cell formats on the clipboard's HTML table. Each cell carries its whole format as JSON in
 * `data-cellmate-format`, which a paste in another tab of Cellmate reads back exactly (as
 * Google Sheets carries its own in `data-sheets-*` attributes), and the parts other
 * spreadsheets read as inline CSS (bold, italic, underline, colours, alignment).
 */

/** The attribute holding a cell's format. */
export const FORMAT_ATTRIBUTE = 'data-cellmate-format'

/** Inline CSS for what Excel, Sheets and LibreOffice read from pasted HTML. */
export function formatStyle(format: CellFormat): string {
  const css: string[] = []
  if (format.bold) css.push('font-weight:bold')
  if (format.italic) css.push('font-style:italic')
  if (format.underline) css.push('text-decoration:underline')
  if (format.color) css.push(`color:${format.color}`)
  if (format.fill) css.push(`background-color:${format.fill}`)
  if (format.align) css.push(`text-align:${format.align}`)
  if (format.wrap) css.push('white-space:normal')
  return css.join(';')
}

/**
 * The format written in a cell's attribute, keeping only attributes whose values Cellmate can
 * store (clipboard HTML is anyone's); null when there is none or it does not parse.
 */
export function readFormatAttribute(text: string | null): CellFormat | null {
  if (text === null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null
  const format: Record<string, unknown> = {}
  for (const [attr, value] of Object.entries(parsed)) {
    if (isFormatAttr(attr) && isValidFormatValue(attr, value)) format[attr] = value
  }
  return format as CellFormat
}
