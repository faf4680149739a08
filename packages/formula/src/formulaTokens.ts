import { lettersToCol } from '@cellmate/model'
import {
  MAX_COLS,
  MAX_ROWS,
  type A1Reference,
  type AnchoredReference,
  type Area,
  type Coord,
} from './references.js'
import { groupEnd, parseSpec, type SpecPart } from './structuredRefs.js'

/**
 * A lossless tokenizer for formula text: joining the `text` of every token gives the input
 * back, so a rewrite touches only the tokens it means to (references) and never the inside
 * of a string literal, a quoted sheet name or an unknown construct it does not understand.
 */

/** Every token but references. */
export type PlainTokenType =
  | 'string' // "text" with "" escapes (an unterminated one runs to the end)
  | 'number' // 12, 1.5, .5, 1E3
  | 'bool' // TRUE / FALSE (not followed by "(")
  | 'error' // #DIV/0!, #REF!, … (also `Sheet1!#REF!`)
  | 'func' // a name immediately followed by "(" (the parenthesis is its own token)
  | 'name' // any other identifier: a defined name, or a typo
  | 'op' // + - * / ^ & = <> <= >= < > % : @
  | 'paren' // ( )
  | 'sep' // , ;
  | 'brace' // { } of array constants
  | 'space'
  | 'other' // anything else, passed through verbatim

export type Token =
  | { type: PlainTokenType; text: string }
  | { type: 'ref'; text: string; ref: A1Reference }
  | { type: 'anchored'; text: string; ref: AnchoredReference }
  /**
   * A defined name anchored to its id (`{n:ID:Sales}`), with its text when it was written;
   * `sheetId` when written qualified by a sheet (`{s:SHEET}!{n:ID:Rate}`, typed `Sheet2!Rate`).
   */
  | { type: 'nameRef'; text: string; id: string; name: string; sheetId: string | null }
  /** A name qualified by a sheet's name, not anchored: `Sheet2!Rate`, `'My sheet'!Rate`. */
  | { type: 'sheetName'; text: string; sheet: string; name: string }
  /**
   * A structured reference (`Sales[Amount]`, `[@Amount]`; stored `{t:ID}[{c:COLID}]`, bare
   * `{b:ID}[@{c:COLID}]`, or `{t:ID}` for the table's name alone). `table` is the name as
   * typed, `tableId` the anchored id (null when not anchored, with `table` null too when bare);
   * `parts` the inside of the brackets, null without brackets.
   */
  | {
      type: 'structured'
      text: string
      table: string | null
      tableId: string | null
      bare: boolean
      parts: SpecPart[] | null
    }

/** `a1`: text as a user types it. `stored`: also reads anchored references. */
export type TokenizeMode = 'a1' | 'stored'

const WS = /\s+/y
const STRING = /"(?:[^"]|"")*"?/y
const ERROR = /#(?:DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA)/iy
const QUOTED_SHEET = /'((?:[^']|'')+)'!/y
const BARE_SHEET = /([A-Za-z_\u00A1-\uFFFF][\w.\u00A1-\uFFFF]*)!/y
const CELL = /(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})/y
const COL = /(\$?)([A-Za-z]{1,3})/y
const ROW = /(\$?)([0-9]{1,7})/y
const NUMBER = /(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y
const IDENT = /[A-Za-z_\\\u00A1-\uFFFF][\w.\u00A1-\uFFFF]*/y
const OP = /<>|<=|>=|[-+*/^&=<>%:@]/y
/** What may not follow a reference: `A1B` or `LOG10(` are names, not cells. */
const REF_END = /[\w.(!$\u00A1-\uFFFF]/y

const ID = '[^{}:,!$\\s]+'
const ANCHOR_SHEET = new RegExp(`\\{s:(${ID})\\}!`, 'y')
const ANCHOR_NAME = new RegExp(`\\{n:(${ID}):([^{}:\\s]+)\\}`, 'y')
const ANCHOR_TABLE = new RegExp(`\\{([tb]):(${ID})\\}`, 'y')
const ANCHOR_POINT = new RegExp(
  `\\{(?:r:(\\$?)(${ID})(?:,c:(\\$?)(${ID}))?|c:(\\$?)(${ID}))\\}`,
  'y',
)

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos
  return re.exec(text)
}

function endsRef(text: string, pos: number): boolean {
  return pos >= text.length || matchAt(REF_END, text, pos) === null
}

type Point<T> = { row?: Coord<T>; col?: Coord<T> }

function areaOf<T>(start: Point<T>, end: Point<T> | null): Area<T> {
  const area: Area<T> = { isRange: end !== null }
  const last = end ?? start
  if (start.row && last.row) area.rows = { start: start.row, end: last.row }
  if (start.col && last.col) area.cols = { start: start.col, end: last.col }
  return area
}

function rowCoord(abs: string | undefined, digits: string | undefined): Coord<number> | null {
  const n = Number(digits)
  return n >= 1 && n <= MAX_ROWS ? { at: n - 1, abs: abs === '$' } : null
}

function colCoord(abs: string | undefined, letters: string | undefined): Coord<number> | null {
  const n = lettersToCol(letters ?? '')
  return n >= 0 && n < MAX_COLS ? { at: n, abs: abs === '$' } : null
}

function cellAt(text: string, pos: number): { point: Point<number>; end: number } | null {
  const m = matchAt(CELL, text, pos)
  if (!m) return null
  const col = colCoord(m[1], m[2])
  const row = rowCoord(m[3], m[4])
  return col && row ? { point: { row, col }, end: pos + m[0].length } : null
}

/** A1 area at `pos`: `A1`, `A1:B3`, `A:C`, `3:5` (longest first), with a clean end. */
function a1AreaAt(text: string, pos: number): { area: Area<number>; end: number } | null {
  const first = cellAt(text, pos)
  if (first && text[first.end] === ':') {
    const second = cellAt(text, first.end + 1)
    if (second && endsRef(text, second.end)) {
      return { area: areaOf(first.point, second.point), end: second.end }
    }
  }
  if (first && endsRef(text, first.end)) return { area: areaOf(first.point, null), end: first.end }
  for (const [re, axis] of [
    [COL, 'col'],
    [ROW, 'row'],
  ] as const) {
    const a = matchAt(re, text, pos)
    if (!a || text[pos + a[0].length] !== ':') continue
    const bStart = pos + a[0].length + 1
    const b = matchAt(re, text, bStart)
    if (!b || !endsRef(text, bStart + b[0].length)) continue
    const make = axis === 'col' ? colCoord : rowCoord
    const start = make(a[1], a[2])
    const end = make(b[1], b[2])
    if (!start || !end) continue
    const area =
      axis === 'col' ? areaOf({ col: start }, { col: end }) : areaOf({ row: start }, { row: end })
    return { area, end: bStart + b[0].length }
  }
  return null
}

function anchorPointAt(text: string, pos: number): { point: Point<string>; end: number } | null {
  const m = matchAt(ANCHOR_POINT, text, pos)
  if (!m) return null
  const point: Point<string> = {}
  if (m[2] !== undefined) point.row = { at: m[2], abs: m[1] === '$' }
  if (m[4] !== undefined) point.col = { at: m[4], abs: m[3] === '$' }
  if (m[6] !== undefined) point.col = { at: m[6], abs: m[5] === '$' }
  return { point, end: pos + m[0].length }
}

function sameShape(a: Point<string>, b: Point<string>): boolean {
  return (
    (a.row === undefined) === (b.row === undefined) &&
    (a.col === undefined) === (b.col === undefined)
  )
}

/** Anchored area at `pos`: one point, or two points of the same shape joined by `:`. */
function anchoredAreaAt(text: string, pos: number): { area: Area<string>; end: number } | null {
  const first = anchorPointAt(text, pos)
  if (!first) return null
  if (text[first.end] === ':') {
    const second = anchorPointAt(text, first.end + 1)
    if (second && sameShape(first.point, second.point)) {
      return { area: areaOf(first.point, second.point), end: second.end }
    }
  }
  // A lone row or column id is only meaningful as a range (`3:5`), never on its own.
  if (!first.point.row || !first.point.col) return null
  return { area: areaOf(first.point, null), end: first.end }
}

/**
 * What a reference may start with: a quoted sheet name, a sheet name, column letters or a row
 * number, `$`, or (stored) an anchor. Anything else is not tried against the patterns below:
 * most characters of a formula are operators, parentheses and digits of literals.
 */
const REF_START = /[{'$0-9A-Za-z_\u00A1-\uFFFF]/

/** A reference (or a sheet-qualified `#REF!`) after an optional sheet prefix at `pos`. */
function referenceAt(text: string, pos: number, mode: TokenizeMode): Token | null {
  if (!REF_START.test(text[pos] as string)) return null
  if (mode === 'stored' && text[pos] === '{') {
    const sheet = matchAt(ANCHOR_SHEET, text, pos)
    const bodyAt = sheet ? pos + sheet[0].length : pos
    const name = text[bodyAt] === '{' ? matchAt(ANCHOR_NAME, text, bodyAt) : null
    if (name) {
      return {
        type: 'nameRef',
        text: text.slice(pos, bodyAt + name[0].length),
        id: name[1] as string,
        name: name[2] as string,
        sheetId: sheet?.[1] ?? null,
      }
    }
    const body = anchoredAreaAt(text, bodyAt)
    if (body) {
      const ref: AnchoredReference = { sheetId: sheet?.[1] ?? null, area: body.area }
      return { type: 'anchored', text: text.slice(pos, body.end), ref }
    }
  }
  const sheet = matchAt(QUOTED_SHEET, text, pos) ?? matchAt(BARE_SHEET, text, pos)
  const bodyAt = sheet ? pos + sheet[0].length : pos
  const body = a1AreaAt(text, bodyAt)
  if (body) {
    const name = sheet ? (sheet[1] as string).replace(/''/g, "'") : null
    return { type: 'ref', text: text.slice(pos, body.end), ref: { sheet: name, area: body.area } }
  }
  if (!sheet) return null
  const err = matchAt(ERROR, text, bodyAt)
  if (err) return { type: 'error', text: text.slice(pos, bodyAt + err[0].length) }
  // A sheet's name before a word is a name of that sheet's scope (`Sheet2!Rate`); before a
  // call or a table's brackets it is something else, left to the plain tokens.
  const word = matchAt(IDENT, text, bodyAt)
  const after = word ? text[bodyAt + word[0].length] : undefined
  if (!word || after === '(' || after === '[') return null
  return {
    type: 'sheetName',
    text: text.slice(pos, bodyAt + word[0].length),
    sheet: (sheet[1] as string).replace(/''/g, "'"),
    name: word[0],
  }
}

/** A structured reference at `pos` (see the `structured` token), or null. */
function structuredAt(text: string, pos: number, mode: TokenizeMode): Token | null {
  let table: string | null = null
  let tableId: string | null = null
  let bare = false
  let open = pos
  const anchored = mode === 'stored' && text[pos] === '{' ? matchAt(ANCHOR_TABLE, text, pos) : null
  if (anchored) {
    tableId = anchored[2] as string
    bare = anchored[1] === 'b'
    open = pos + anchored[0].length
    if (text[open] !== '[' && !bare) {
      return { type: 'structured', text: anchored[0], table, tableId, bare, parts: null }
    }
  } else if (text[pos] === '[') {
    // `[1]Sheet1!A1` names another workbook, not a column.
    if (/^\[\d+\]/.test(text.slice(pos, pos + 12))) return null
    bare = true
  } else {
    const word = matchAt(IDENT, text, pos)
    if (!word || text[pos + word[0].length] !== '[') return null
    table = word[0]
    open = pos + word[0].length
  }
  if (text[open] !== '[') return null
  const end = groupEnd(text, open)
  if (end < 0) return null
  const parts = parseSpec(text.slice(open + 1, end))
  if (!parts) return null
  return { type: 'structured', text: text.slice(pos, end + 1), table, tableId, bare, parts }
}

function plainTokenAt(text: string, pos: number): { type: PlainTokenType; text: string } {
  const ch = text[pos] as string
  const take = (type: PlainTokenType, re: RegExp) => {
    const m = matchAt(re, text, pos)
    return m && m[0] !== '' ? { type, text: m[0] } : null
  }
  if (ch === '"') return take('string', STRING) as { type: PlainTokenType; text: string }
  if (ch === '#') {
    const err = take('error', ERROR)
    if (err) return err
  }
  const tok = take('space', WS) ?? take('number', NUMBER)
  if (tok) return tok
  const ident = matchAt(IDENT, text, pos)
  if (ident) {
    const word = ident[0]
    if (text[pos + word.length] === '(') return { type: 'func', text: word }
    if (/^(TRUE|FALSE)$/i.test(word)) return { type: 'bool', text: word }
    return { type: 'name', text: word }
  }
  const op = take('op', OP)
  if (op) return op
  if (ch === '(' || ch === ')') return { type: 'paren', text: ch }
  if (ch === ',' || ch === ';') return { type: 'sep', text: ch }
  if (ch === '{' || ch === '}') return { type: 'brace', text: ch }
  // One whole code point, so a surrogate pair is never split.
  return { type: 'other', text: String.fromCodePoint(text.codePointAt(pos) as number) }
}

/**
 * Splits a formula body (the text after `=`) into tokens. Never throws: anything it does not
 * recognise becomes an `other` token and is passed through by every rewrite.
 */
export function tokenize(body: string, mode: TokenizeMode): Token[] {
  const out: Token[] = []
  let pos = 0
  while (pos < body.length) {
    const token =
      structuredAt(body, pos, mode) ?? referenceAt(body, pos, mode) ?? plainTokenAt(body, pos)
    out.push(token)
    pos += token.text.length
  }
  return out
}

/** True when the input is a formula (`=` followed by something), as opposed to a value. */
export function isFormula(input: string): boolean {
  return input.length > 1 && input.startsWith('=')
}
