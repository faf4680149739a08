import { formatRange, parseRange, type RangePosition } from '@cellmate/model'

/**
 * The references in a formula being typed, for colouring them (in the editor and as outlines
 * on the grid) and for point mode, where clicking or arrowing inserts a reference at the caret.
 * This reads the user's A1 text, never the stored id-anchored form.
 */

/** The colours references take, in the order they first appear (Google Sheets' palette). */
export const REF_COLORS = [
  '#1a73e8',
  '#d93025',
  '#7e3ff2',
  '#188038',
  '#e37400',
  '#c5221f',
  '#0097a7',
  '#a142f4',
] as const

export interface FormulaRef {
  /** Where the reference sits in the formula text (`end` exclusive). */
  start: number
  end: number
  /** The sheet it names (`Sheet2!B4`), or null for the sheet the formula is on. */
  sheet: string | null
  range: RangePosition
  color: string
}

// A sheet prefix (quoted or plain), then a cell or a cell range; `$` markers allowed.
const REF =
  /(?:'((?:[^']|'')+)'!|([A-Za-z_][\w.]*)!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)/g
const WORD_CHAR = /[\w.$]/

/** The references in `text` (a formula starting with `=`), each with its colour. */
export function formulaRefs(text: string): FormulaRef[] {
  if (!text.startsWith('=')) return []
  const out: FormulaRef[] = []
  const colors = new Map<string, string>()
  const strings = stringSpans(text)
  for (const m of text.matchAll(REF)) {
    const start = m.index
    const end = start + m[0].length
    if (strings.some(([a, b]) => start >= a && start < b)) continue
    // Part of a longer name (LOG10, A1B), or a function call (ATAN2( is not a reference).
    if (start > 0 && WORD_CHAR.test(text[start - 1] ?? '')) continue
    const next = text[end] ?? ''
    if (WORD_CHAR.test(next) || next === '(' || next === '!') continue
    const range = parseRange((m[3] ?? '').replaceAll('$', ''))
    if (!range) continue
    const sheet = m[1] !== undefined ? m[1].replaceAll("''", "'") : (m[2] ?? null)
    const key = `${(sheet ?? '').toLowerCase()}!${formatRange(range)}`
    let color = colors.get(key)
    if (!color) {
      color = REF_COLORS[colors.size % REF_COLORS.length] ?? REF_COLORS[0]
      colors.set(key, color)
    }
    out.push({ start, end, sheet, range, color })
  }
  return out
}

/** Spans of string literals ("...", with "" inside), where nothing is a reference. */
function stringSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  let open = -1
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue
    if (open < 0) open = i
    else if (text[i + 1] === '"') i++
    else {
      spans.push([open, i + 1])
      open = -1
    }
  }
  // An unclosed string runs past the end: the caret at the end is inside it.
  if (open >= 0) spans.push([open, text.length + 1])
  return spans
}

// After these a reference can start: `=`, an operator, an opening parenthesis, a separator.
const POINT_AFTER = new Set(['=', '+', '-', '*', '/', '^', '&', '(', ',', ';', '<', '>', ':'])

/**
 * Whether clicking a cell (or an arrow key) at this caret inserts a reference, as in Sheets
 * and Excel: in a formula, right after `=`, `+`, `(`, `,` or another operator, with nothing
 * but spaces or the end of a term after the caret.
 */
export function canPointAt(text: string, caret: number): boolean {
  if (!text.startsWith('=') || caret < 1 || caret > text.length) return false
  const next = text[caret] ?? ''
  if (next !== '' && /[\w.$"']/.test(next)) return false
  let i = caret - 1
  while (i > 0 && text[i] === ' ') i--
  return POINT_AFTER.has(text[i] ?? '') && !insideString(text, caret)
}

function insideString(text: string, caret: number): boolean {
  return stringSpans(text).some(([a, b]) => caret > a && caret < b)
}

/** A reference as it is typed: `B4`, `A1:B3`, `Sheet2!B4`, `'My sheet'!B4`. */
export function refText(range: RangePosition, sheet: string | null = null): string {
  const cells = formatRange(range)
  if (sheet === null) return cells
  const plain = /^[A-Za-z_][\w.]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet)
  return `${plain ? sheet : `'${sheet.replaceAll("'", "''")}'`}!${cells}`
}

/** Puts `ref` in place of `text[start, end)`; returns the new text and where the ref ends. */
export function spliceRef(
  text: string,
  start: number,
  end: number,
  ref: string,
): { text: string; end: number } {
  return { text: text.slice(0, start) + ref + text.slice(end), end: start + ref.length }
}
