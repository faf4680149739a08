import type { Alignment, Fill, Font, Style } from 'exceljs'
import { isValidFormatCode, presetFormatCode } from '@cellmate/formula'
import {
  MAX_DECIMALS,
  MAX_NUM_FMT_CODE_CHARS,
  NUM_FMTS,
  normalizeHexColor,
  type CellFormat,
  type HorizontalAlign,
  type NumFmt,
} from '@cellmate/model'

/**
 * Cellmate cell formats <-> Excel styles. Only what both sides can say survives the trip:
 * bold/italic/underline, an RGB text and solid fill colour, left/center/right alignment, wrap,
 * and number formats (presets with their decimals, any other Excel code as a custom format). Theme colours, borders, fonts and other
 * alignments are dropped on import.
 */

const DEFAULT_DECIMALS = 2

/**
 * Excel's built-in short date (number format 14) is written as `mm-dd-yy` but shown in the
 * reader's locale; en-US Excel shows `m/d/yyyy`, the locale Cellmate's formulas use.
 */
const LOCALE_CODES: Record<string, string> = { 'mm-dd-yy': 'm/d/yyyy' }

/**
 * The Cellmate number format of an Excel format code: one of the presets when the code is
 * exactly the preset's (so the toolbar names it), else `custom` with the code itself, so the
 * cell reads as in Excel (`#,##0.000;[Red]-#,##0.000`, `dd mmm yyyy`, `h:mm AM/PM`). General
 * and text (`@`) give none; a code Excel's language does not accept, or longer than Cellmate
 * keeps, gives the nearest preset: dates -> `date`, `%` -> `percent`, a currency symbol ->
 * `currency`, other digit patterns -> `number`.
 */
export function cellmateNumFmt(
  code: string | undefined,
): Pick<CellFormat, 'numFmt' | 'decimals' | 'numFmtCode'> {
  if (!code) return {}
  const lower = code.trim().toLowerCase()
  if (lower === '' || lower === 'general' || lower === '@') return {}
  const preset = presetOfCode().get(code)
  if (preset) return { ...preset }
  const own = LOCALE_CODES[code] ?? code
  if (own.length <= MAX_NUM_FMT_CODE_CHARS && isValidFormatCode(own))
    return { numFmt: 'custom', numFmtCode: own }
  return nearestPreset(code)
}

let presetCodes: Map<string, Pick<CellFormat, 'numFmt' | 'decimals'>> | undefined

/** Each preset's Excel code (with every number of decimals) -> that preset. */
function presetOfCode(): Map<string, Pick<CellFormat, 'numFmt' | 'decimals'>> {
  if (presetCodes) return presetCodes
  presetCodes = new Map()
  for (const numFmt of NUM_FMTS) {
    if (numFmt === 'general' || numFmt === 'custom') continue
    for (let decimals = MAX_DECIMALS; decimals >= 0; decimals--) {
      const code = presetFormatCode(numFmt, decimals)
      if (code === undefined) continue
      presetCodes.set(code, decimals === DEFAULT_DECIMALS ? { numFmt } : { numFmt, decimals })
    }
    // Formats without decimals (dates) map to the default, written last so it wins.
    const plain = presetFormatCode(numFmt)
    if (plain !== undefined) presetCodes.set(plain, { numFmt })
  }
  return presetCodes
}

function nearestPreset(code: string): Pick<CellFormat, 'numFmt' | 'decimals'> {
  const currency = /[$€£¥]/.test(code)
  // The positive section, without quoted text, escapes and [colour]/[locale] brackets.
  const section = (code.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
  if (/[ymdhs]/i.test(section.replace(/e[+-]/gi, ''))) return { numFmt: 'date' }
  if (!/[0#?]/.test(section)) return {}
  const decimals = Math.min(/\.([0#?]+)/.exec(section)?.[1]?.length ?? 0, MAX_DECIMALS)
  const numFmt: NumFmt = section.includes('%') ? 'percent' : currency ? 'currency' : 'number'
  return decimals === DEFAULT_DECIMALS ? { numFmt } : { numFmt, decimals }
}

function argb(hex: string): { argb: string } {
  return { argb: `FF${hex.slice(1).toUpperCase()}` }
}

function hexFromArgb(color: { argb?: string } | undefined): string | null {
  const value = color?.argb
  if (typeof value !== 'string') return null
  const rgb = value.length === 8 ? value.slice(2) : value
  return /^[0-9a-fA-F]{6}$/.test(rgb) ? normalizeHexColor(`#${rgb}`) : null
}

/** The exceljs style of a Cellmate format (only the parts it sets). */
export function excelStyle(format: CellFormat): Partial<Style> {
  const style: Partial<Style> = {}
  const font: Partial<Font> = {}
  if (format.bold) font.bold = true
  if (format.italic) font.italic = true
  if (format.underline) font.underline = true
  if (format.color) font.color = argb(format.color)
  if (Object.keys(font).length > 0) style.font = font
  if (format.fill) {
    style.fill = { type: 'pattern', pattern: 'solid', fgColor: argb(format.fill) }
  }
  const alignment: Partial<Alignment> = {}
  if (format.align) alignment.horizontal = format.align
  if (format.wrap) alignment.wrapText = true
  if (Object.keys(alignment).length > 0) style.alignment = alignment
  // The code the grid renders with, so the cell reads the same in Excel.
  const numFmt = presetFormatCode(format.numFmt, format.decimals, format.numFmtCode)
  if (numFmt) style.numFmt = numFmt
  return style
}

const ALIGNS: Partial<Record<Alignment['horizontal'], HorizontalAlign>> = {
  left: 'left',
  center: 'center',
  centerContinuous: 'center',
  right: 'right',
}

/** The Cellmate format of an exceljs style. Black text is the default and is not stored. */
export function cellmateFormat(style: Partial<Style> | undefined): CellFormat {
  const format: CellFormat = {}
  if (!style) return format
  const font = style.font
  if (font?.bold) format.bold = true
  if (font?.italic) format.italic = true
  if (font?.underline && font.underline !== 'none') format.underline = true
  const color = hexFromArgb(font?.color)
  if (color && color !== '#000000') format.color = color
  const fill = solidFill(style.fill)
  if (fill) format.fill = fill
  const align = style.alignment?.horizontal && ALIGNS[style.alignment.horizontal]
  if (align) format.align = align
  if (style.alignment?.wrapText) format.wrap = true
  Object.assign(format, cellmateNumFmt(style.numFmt))
  return format
}

function solidFill(fill: Fill | undefined): string | null {
  if (!fill || fill.type !== 'pattern' || fill.pattern !== 'solid') return null
  return hexFromArgb(fill.fgColor)
}

/** Excel column width (characters of the default font) <-> pixels, as Excel converts them. */
export function widthToPx(width: number): number {
  return Math.round(width * 7 + 5)
}

export function pxToWidth(px: number): number {
  return Math.max(0, Math.round(((px - 5) / 7) * 100) / 100)
}

/** Row heights: Excel points <-> CSS pixels at 96 dpi. */
export function pointsToPx(points: number): number {
  return Math.round((points * 4) / 3)
}

export function pxToPoints(px: number): number {
  return Math.round(px * 0.75 * 100) / 100
}
