import type * as Y from 'yjs'
import { CellmateError, ERROR_CODES } from '@cellmate/protocol'
import type { RangePosition } from './a1.js'
import { SHEET_ROOTS, liveIds, sheetTypes } from './sheet.js'

/**
 * Cell formats live in the sheet's `formats` map, one key per cell **and attribute**
 * (`rowId:colId:attr`), so one user making a cell bold while another colours it are edits to
 * different keys and both survive; the same attribute set concurrently is last-writer-wins.
 * An absent key is the default (not bold, no colour, General…); `false` is never stored.
 */

/**
 * Number formats a cell can have (the toolbar's list; `@cellmate/formula` renders each with an
 * Excel format code). `custom` shows the cell's own code, `numFmtCode`.
 */
export const NUM_FMTS = [
  'general',
  'number',
  'percent',
  'currency',
  'accounting',
  'scientific',
  'fraction',
  'date',
  'time',
  'datetime',
  'duration',
  'custom',
] as const
export type NumFmt = (typeof NUM_FMTS)[number]

export const HORIZONTAL_ALIGNS = ['left', 'center', 'right'] as const
export type HorizontalAlign = (typeof HORIZONTAL_ALIGNS)[number]

/** Most decimals a number format may show (Excel allows 30; more is never readable). */
export const MAX_DECIMALS = 10

/**
 * Longest custom number format code. Excel allows 255, but real codes are short (its longest
 * built-in, accounting, is 51) and every formatted cell stores its own copy, so a long code
 * would make a range's update large; see `maxFormatCells`.
 */
export const MAX_NUM_FMT_CODE_CHARS = 80

/** The format of one cell; absent attributes are the defaults. */
export interface CellFormat {
  bold?: boolean
  italic?: boolean
  underline?: boolean
  /** Text colour, `#rrggbb`. */
  color?: string
  /** Background colour, `#rrggbb`. */
  fill?: string
  align?: HorizontalAlign
  wrap?: boolean
  numFmt?: NumFmt
  /** Decimals shown by `number`, `percent`, `currency`, `accounting`, `scientific` (default 2). */
  decimals?: number
  /** The Excel format code of a `custom` number format (`#,##0.00;[Red](#,##0.00)`, `dd mmm yyyy`). */
  numFmtCode?: string
}

export type FormatAttr = keyof CellFormat

/** Every attribute, in the order the toolbar shows them. */
export const FORMAT_ATTRS: readonly FormatAttr[] = [
  'bold',
  'italic',
  'underline',
  'color',
  'fill',
  'align',
  'wrap',
  'numFmt',
  'decimals',
  'numFmtCode',
]

const ATTR_SET: ReadonlySet<string> = new Set(FORMAT_ATTRS)

/**
 * Most cells one `setFormat` may touch: every cell is a key in the update, and an update must
 * stay under the protocol's 2 MiB limit (about 50 bytes per key). Whole-column formatting of a
 * million-row sheet is refused with a clear error rather than silently truncated.
 */
export const MAX_FORMAT_CELLS = 30_000

const HEX_COLOR_RE = /^#[0-9a-f]{6}$/

/** True for an attribute name Cellmate stores. */
export function isFormatAttr(name: string): name is FormatAttr {
  return ATTR_SET.has(name)
}

/**
 * True when `value` may be stored for `attr`: booleans `true` only (`false` is a deleted
 * key), colours as lower-case `#rrggbb`, alignments and number formats from their lists,
 * decimals an integer 0..MAX_DECIMALS. The server applies the same rule to untrusted updates.
 */
export function isValidFormatValue(attr: FormatAttr, value: unknown): boolean {
  switch (attr) {
    case 'bold':
    case 'italic':
    case 'underline':
    case 'wrap':
      return value === true
    case 'color':
    case 'fill':
      return typeof value === 'string' && HEX_COLOR_RE.test(value)
    case 'align':
      return typeof value === 'string' && (HORIZONTAL_ALIGNS as readonly string[]).includes(value)
    case 'numFmt':
      return typeof value === 'string' && (NUM_FMTS as readonly string[]).includes(value)
    case 'decimals':
      return (
        typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DECIMALS
      )
    case 'numFmtCode':
      return (
        typeof value === 'string' &&
        value.trim() !== '' &&
        value.length <= MAX_NUM_FMT_CODE_CHARS &&
        // eslint-disable-next-line no-control-regex
        !/[\u0000-\u001f\u007f]/.test(value)
      )
  }
}

/**
 * `#ABC`, `#aabbcc` or `#AABBCC` -> `#aabbcc`; anything else -> null. Colour pickers and
 * pasted HTML give all three spellings; the document keeps one.
 */
export function normalizeHexColor(input: string): string | null {
  const s = input.trim().toLowerCase()
  if (/^#[0-9a-f]{3}$/.test(s)) return `#${s[1]}${s[1]}${s[2]}${s[2]}${s[3]}${s[3]}`
  return HEX_COLOR_RE.test(s) ? s : null
}

/** The key of one attribute of one cell in `formats`. */
export function formatKey(rowId: string, colId: string, attr: FormatAttr): string {
  return `${rowId}:${colId}:${attr}`
}

/** `rowId:colId:attr` -> its parts; null for anything else. */
export function parseFormatKey(
  key: string,
): { rowId: string; colId: string; attr: FormatAttr } | null {
  const a = key.indexOf(':')
  const b = key.indexOf(':', a + 1)
  if (a <= 0 || b <= a + 1 || key.indexOf(':', b + 1) >= 0) return null
  const attr = key.slice(b + 1)
  if (!isFormatAttr(attr)) return null
  return { rowId: key.slice(0, a), colId: key.slice(a + 1, b), attr }
}

/** A cell named by ids. */
export interface CellRef {
  rowId: string
  colId: string
}

/** The typed `formats` map of a sheet document. */
export function formatsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(SHEET_ROOTS.formats)
}

/** The cells of a rectangle of display positions (rows and columns past the end are ignored). */
export function rangeCells(doc: Y.Doc, range: RangePosition): CellRef[] {
  const t = sheetTypes(doc)
  const top = Math.min(range.start.row, range.end.row)
  const bottom = Math.max(range.start.row, range.end.row)
  const left = Math.min(range.start.col, range.end.col)
  const right = Math.max(range.start.col, range.end.col)
  const count = (bottom - top + 1) * (right - left + 1)
  tooMany(count)
  const rows = liveIds(t.rows, t.removedRows).slice(top, bottom + 1)
  const cols = liveIds(t.cols, t.removedCols).slice(left, right + 1)
  const out: CellRef[] = []
  for (const rowId of rows) for (const colId of cols) out.push({ rowId, colId })
  return out
}

/** Bytes a format key and a short value take in an update (`MAX_FORMAT_CELLS`' budget). */
const BYTES_PER_FORMAT_KEY = 50

/**
 * Most cells one `setFormat` of `value` may touch: `MAX_FORMAT_CELLS`, fewer for a long custom
 * code, since each cell carries its own copy and the update must stay under the size limit.
 */
export function maxFormatCells(value: unknown): number {
  if (typeof value !== 'string' || value.length <= 16) return MAX_FORMAT_CELLS
  const budget = MAX_FORMAT_CELLS * BYTES_PER_FORMAT_KEY
  return Math.floor(budget / (BYTES_PER_FORMAT_KEY + value.length))
}

function tooMany(count: number, limit = MAX_FORMAT_CELLS): void {
  if (count > limit) {
    throw new CellmateError(
      ERROR_CODES.LIMIT_EXCEEDED,
      `formatting ${count} cells at once exceeds the limit of ${limit}; select fewer cells`,
    )
  }
}

/**
 * Sets one attribute on many cells (a list of cells or a rectangle of display positions) in
 * one transaction: one undo step, one network update. `null` (or `false` for the boolean
 * attributes) removes the attribute. Writing what a cell already has is skipped. Throws
 * BAD_REQUEST for a value the attribute cannot hold, LIMIT_EXCEEDED past MAX_FORMAT_CELLS.
 */
export function setFormat<A extends FormatAttr>(
  doc: Y.Doc,
  target: readonly CellRef[] | RangePosition,
  attr: A,
  value: CellFormat[A] | null,
  origin?: unknown,
): void {
  if (!isFormatAttr(attr)) {
    throw new CellmateError(ERROR_CODES.BAD_REQUEST, `unknown format attribute "${String(attr)}"`)
  }
  const stored = value === false || value === undefined ? null : value
  if (stored !== null && !isValidFormatValue(attr, stored)) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `${JSON.stringify(value)} is not a valid value for "${attr}"`,
    )
  }
  const cells = isCellList(target) ? target : rangeCells(doc, target)
  tooMany(cells.length, maxFormatCells(stored))
  const formats = formatsMap(doc)
  doc.transact(() => {
    for (const { rowId, colId } of cells) {
      const key = formatKey(rowId, colId, attr)
      const current = formats.get(key)
      if (stored === null) {
        if (current !== undefined) formats.delete(key)
      } else if (current !== stored) {
        formats.set(key, stored)
      }
    }
  }, origin)
}

/**
 * Sets a number format on many cells as one transaction (one undo step): a preset, General
 * (`null` or `'general'` removes it), or `'custom'` with its Excel code. A preset leaves an
 * earlier custom code in place (unused), so a concurrent custom format and preset resolve to
 * one of the two whole, never to a custom format without its code.
 */
export function setNumberFormat(
  doc: Y.Doc,
  target: readonly CellRef[] | RangePosition,
  numFmt: NumFmt | null,
  numFmtCode?: string,
  origin?: unknown,
): void {
  if (numFmt === 'custom' && !isValidFormatValue('numFmtCode', numFmtCode)) {
    throw new CellmateError(
      ERROR_CODES.BAD_REQUEST,
      `a custom number format needs a code of 1 to ${MAX_NUM_FMT_CODE_CHARS} characters`,
    )
  }
  const cells = isCellList(target) ? target : rangeCells(doc, target)
  tooMany(cells.length, numFmt === 'custom' ? maxFormatCells(numFmtCode) : MAX_FORMAT_CELLS)
  doc.transact(() => {
    setFormat(doc, cells, 'numFmt', numFmt === 'general' ? null : numFmt, origin)
    if (numFmt === 'custom') setFormat(doc, cells, 'numFmtCode', numFmtCode as string, origin)
  }, origin)
}

/**
 * Throws what `replaceFormats` would for these formats, so a caller can check before a
 * transaction that also writes other things (a throw inside one still commits what it wrote).
 */
export function checkFormats(formats: readonly CellFormat[]): void {
  let formatted = 0
  for (const format of formats) {
    for (const [attr, value] of Object.entries(format)) {
      if (!isFormatAttr(attr) || !isValidFormatValue(attr, value)) {
        throw new CellmateError(
          ERROR_CODES.BAD_REQUEST,
          `${JSON.stringify(value)} is not a valid value for "${attr}"`,
        )
      }
    }
    if (!isDefaultFormat(format)) formatted++
  }
  tooMany(formatted)
}

/** A cell and the whole format it is to have. */
export interface CellFormatEdit extends CellRef {
  format: CellFormat
}

/**
 * Gives each cell exactly the format listed for it (attributes it lacks are removed), as a
 * paste does in Excel and Sheets, in one transaction (nested in the caller's when there is
 * one). Throws BAD_REQUEST for a value an attribute cannot hold, LIMIT_EXCEEDED when more than
 * MAX_FORMAT_CELLS cells would be formatted.
 */
export function replaceFormats(
  doc: Y.Doc,
  cells: readonly CellFormatEdit[],
  origin?: unknown,
): void {
  checkFormats(cells.map((c) => c.format))
  const formats = formatsMap(doc)
  doc.transact(() => {
    for (const { rowId, colId, format } of cells) {
      for (const attr of FORMAT_ATTRS) {
        const key = formatKey(rowId, colId, attr)
        const value = format[attr]
        if (value === undefined) {
          if (formats.has(key)) formats.delete(key)
        } else if (formats.get(key) !== value) {
          formats.set(key, value)
        }
      }
    }
  }, origin)
}

function isCellList(target: readonly CellRef[] | RangePosition): target is readonly CellRef[] {
  return Array.isArray(target)
}

/**
 * The format of one cell. Values that fail validation (written by an older or foreign
 * client) are ignored, so a reader never renders garbage. Cheap enough to call per visible
 * cell on every frame: one map lookup per attribute.
 */
export function getFormat(doc: Y.Doc, rowId: string, colId: string): CellFormat {
  const formats = formatsMap(doc)
  const out: CellFormat = {}
  // No `formats.size` here: Y.Map counts its live entries by iterating them all.
  const prefix = `${rowId}:${colId}:`
  for (const attr of FORMAT_ATTRS) {
    const v = formats.get(prefix + attr)
    if (v !== undefined && isValidFormatValue(attr, v)) {
      ;(out as Record<string, unknown>)[attr] = v
    }
  }
  return out
}

/** True when the cell has no format at all. */
export function isDefaultFormat(format: CellFormat): boolean {
  for (const _ in format) return false
  return true
}

/** Removes every attribute from the cells of a rectangle (Excel's "Clear formats"). */
export function clearFormats(doc: Y.Doc, range: RangePosition, origin?: unknown): void {
  const t = sheetTypes(doc)
  const top = Math.min(range.start.row, range.end.row)
  const left = Math.min(range.start.col, range.end.col)
  const rows = new Set(
    liveIds(t.rows, t.removedRows).slice(top, Math.max(range.start.row, range.end.row) + 1),
  )
  const cols = new Set(
    liveIds(t.cols, t.removedCols).slice(left, Math.max(range.start.col, range.end.col) + 1),
  )
  deleteFormatsWhere(doc, (rowId, colId) => rows.has(rowId) && cols.has(colId), origin)
}

/**
 * Deletes every format key whose cell matches `matches`, in one transaction (nested in the
 * caller's when there is one). Keys that do not parse are deleted too: nothing reads them.
 * Returns how many keys were removed.
 */
export function deleteFormatsWhere(
  doc: Y.Doc,
  matches: (rowId: string, colId: string) => boolean,
  origin?: unknown,
): number {
  const formats = formatsMap(doc)
  const doomed: string[] = []
  for (const key of formats.keys()) {
    const parsed = parseFormatKey(key)
    if (!parsed || matches(parsed.rowId, parsed.colId)) doomed.push(key)
  }
  if (doomed.length > 0) doc.transact(() => doomed.forEach((k) => formats.delete(k)), origin)
  return doomed.length
}
