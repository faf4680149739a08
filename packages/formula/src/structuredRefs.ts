import type { Area } from './references.js'

/**
 * Excel's structured references (`Sales[Amount]`, `Sales[[#Totals],[Amount]]`, `[@Amount]`,
 * `Sales[#All]`, `Sales[[Q1]:[Q3]]`): how they read, how they are stored and which cells they
 * name for a table's current geometry.
 *
 * Stored, the table is anchored by its id — `{t:ID}` when the formula named it, `{b:ID}` when
 * it was written bare inside the table (`[@Amount]`) — and each column by its column id
 * (`{c:COLID}`), so a renamed table or column is followed on every replica and the reference
 * always names the table's current rows and columns. Everything else inside the brackets is
 * kept as typed (`#This Row`, spaces, `@`).
 */

/** What part of a table a structured reference names (`#This Row` is `@`). */
export type TableItem = '#all' | '#data' | '#headers' | '#totals' | '#this row'

const ITEMS: ReadonlySet<string> = new Set(['#all', '#data', '#headers', '#totals', '#this row'])

/** A piece of a structured reference's brackets: text kept as is, or a column as written. */
export interface SpecPart {
  text: string
  /** Set for a column: its name (typed form, unescaped) or its `{c:ID}` anchor (stored). */
  column?: string
}

/** The meaning of the brackets: items (none: the data rows) and first/last column. */
export interface StructuredSpec {
  items: TableItem[]
  first: string | null
  last: string | null
}

/** A table as formulas see it, at its current positions. */
export interface FormulaTable {
  id: string
  name: string
  sheetId: string
  /** Zero-based rows and columns, first and last included. */
  range: { start: { row: number; col: number }; end: { row: number; col: number } }
  headerRow: boolean
  totalsRow: boolean
  /** Column names and ids, left to right. */
  columns: readonly string[]
  colIds: readonly string[]
}

/** The group starting with `[` at `open` (`'` escapes the next character): its `]`, or -1. */
export function groupEnd(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const ch = text[i]
    if (ch === "'") i++
    else if (ch === '[') depth++
    else if (ch === ']' && --depth === 0) return i
  }
  return -1
}

/** `Q'[1']` -> `Q[1]`: a column name inside brackets without its `'` escapes. */
export const unescapeColumn = (s: string): string => s.replace(/'(.)/g, '$1').trim()

/** A column name as written inside brackets: `'` before `[ ] # '`. */
export const escapeColumn = (s: string): string => s.replace(/(['[\]#])/g, "'$1")

const isItem = (text: string): boolean => ITEMS.has(unescapeColumn(text).toLowerCase())

/** `[a],[b]:[c]` from `pos`: bracketed items and columns joined by `,` and `:`. */
function parseList(inner: string, pos: number, parts: SpecPart[]): boolean {
  while (pos < inner.length) {
    const space = /\s*/y
    space.lastIndex = pos
    const lead = (space.exec(inner) as RegExpExecArray)[0]
    if (lead) parts.push({ text: lead })
    pos += lead.length
    if (inner[pos] !== '[') return false
    const end = groupEnd(inner, pos)
    if (end < 0) return false
    const body = inner.slice(pos + 1, end)
    if (isItem(body) || body.trim() === '') parts.push({ text: `[${body}]` })
    else parts.push({ text: '[' }, { text: body, column: body }, { text: ']' })
    pos = end + 1
    space.lastIndex = pos
    const trail = (space.exec(inner) as RegExpExecArray)[0]
    if (trail) parts.push({ text: trail })
    pos += trail.length
    if (pos >= inner.length) return true
    const sep = inner[pos] as string
    if (sep !== ',' && sep !== ':') return false
    parts.push({ text: sep })
    pos++
  }
  return false
}

/**
 * The inside of a structured reference's outer brackets split into parts (columns marked), or
 * null when it does not read as one.
 */
export function parseSpec(inner: string): SpecPart[] | null {
  const parts: SpecPart[] = []
  const body = inner.trim()
  if (body === '') return [{ text: inner }]
  const lead = inner.slice(0, inner.length - inner.trimStart().length)
  if (lead) parts.push({ text: lead })
  let rest = inner.trimStart()
  if (rest.startsWith('@')) {
    parts.push({ text: '@' })
    rest = rest.slice(1)
    if (rest.trim() === '') {
      if (rest) parts.push({ text: rest })
      return parts
    }
    if (!rest.trimStart().startsWith('[')) {
      parts.push({ text: rest, column: rest })
      return parts
    }
  } else if (!rest.startsWith('[')) {
    parts.push(isItem(rest) ? { text: rest } : { text: rest, column: rest })
    return parts
  }
  return parseList(rest, 0, parts) ? parts : null
}

/** What the parts mean, or null when Excel would refuse them (three columns, `[A],[B]`). */
export function specOf(parts: readonly SpecPart[]): StructuredSpec | null {
  const items: TableItem[] = []
  const columns: string[] = []
  let range = false
  for (const part of parts) {
    if (part.column !== undefined) {
      columns.push(part.column)
      continue
    }
    const text = part.text.trim()
    if (text === '@') items.push('#this row')
    else if (text === ':') range = true
    else if (text.startsWith('[') && isItem(text.slice(1, -1))) {
      items.push(unescapeColumn(text.slice(1, -1)).toLowerCase() as TableItem)
    } else if (isItem(text)) items.push(unescapeColumn(text).toLowerCase() as TableItem)
  }
  if (columns.length > 2 || (columns.length === 2 && !range)) return null
  return { items, first: columns[0] ?? null, last: columns[1] ?? columns[0] ?? null }
}

/** A structured reference's cells, or the error it gives (Excel's `#REF!` and `#VALUE!`). */
export type StructuredTarget = { area: Area<number> } | { error: '#REF!' | '#VALUE!' }

/** Which column of `table` a column part names: `{c:ID}` by id, else by name (any case). */
export function columnIndex(table: FormulaTable, column: string): number {
  const anchored = /^\{c:([^{}]+)\}$/.exec(column.trim())
  if (anchored) return table.colIds.indexOf(anchored[1] as string)
  const name = unescapeColumn(column).toLowerCase()
  return table.columns.findIndex((c) => c.toLowerCase() === name)
}

function rowsOf(
  item: TableItem,
  t: FormulaTable,
  hostRow: number | null,
): [number, number] | '#REF!' | '#VALUE!' {
  const { start, end } = t.range
  const dataTop = start.row + (t.headerRow ? 1 : 0)
  const dataBottom = end.row - (t.totalsRow ? 1 : 0)
  switch (item) {
    case '#all':
      return [start.row, end.row]
    case '#headers':
      return t.headerRow ? [start.row, start.row] : '#REF!'
    case '#totals':
      return t.totalsRow ? [end.row, end.row] : '#REF!'
    case '#this row':
      return hostRow !== null && hostRow >= dataTop && hostRow <= dataBottom
        ? [hostRow, hostRow]
        : '#VALUE!'
    case '#data':
      return dataTop <= dataBottom ? [dataTop, dataBottom] : '#REF!'
  }
}

/**
 * The cells `spec` names in `table` for a formula on row `hostRow` (null: not in a cell):
 * Excel's rules — no item is the data rows, `#Headers` and `#Totals` need those rows, items
 * combine only into one block (`[#Headers],[#Data]`), `#This Row` outside the data rows is
 * `#VALUE!`, an unknown column `#REF!`. `#This Row` is relative to the formula's row; the rest
 * is absolute, as a structured reference stays put when filled.
 */
export function resolveStructured(
  spec: StructuredSpec,
  table: FormulaTable,
  hostRow: number | null,
): StructuredTarget {
  const items: TableItem[] = spec.items.length > 0 ? spec.items : ['#data']
  const spans: Array<[number, number]> = []
  for (const item of items) {
    const rows = rowsOf(item, table, hostRow)
    if (typeof rows === 'string') return { error: rows }
    spans.push(rows)
  }
  spans.sort((a, b) => a[0] - b[0])
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1] as [number, number]
    const next = spans[i] as [number, number]
    if (next[0] > prev[1] + 1) return { error: '#REF!' }
  }
  const top = (spans[0] as [number, number])[0]
  const bottom = Math.max(...spans.map((s) => s[1]))
  let left = table.range.start.col
  let right = table.range.end.col
  if (spec.first !== null) {
    const a = columnIndex(table, spec.first)
    const b = columnIndex(table, spec.last ?? spec.first)
    if (a < 0 || b < 0) return { error: '#REF!' }
    left = table.range.start.col + Math.min(a, b)
    right = table.range.start.col + Math.max(a, b)
  }
  const relRow = items.includes('#this row')
  const span = (a: number, b: number, abs: boolean) => ({
    start: { at: a, abs },
    end: { at: b, abs },
  })
  return {
    area: {
      isRange: top !== bottom || left !== right,
      rows: span(top, bottom, !relRow),
      cols: span(left, right, true),
    },
  }
}

/** The table holding a cell of a sheet, or undefined. */
export function tableHolding(
  tables: readonly FormulaTable[],
  sheetId: string,
  row: number,
  col: number,
): FormulaTable | undefined {
  return tables.find(
    (t) =>
      t.sheetId === sheetId &&
      row >= t.range.start.row &&
      row <= t.range.end.row &&
      col >= t.range.start.col &&
      col <= t.range.end.col,
  )
}

/** A table by name, ignoring case as Excel does. */
export function tableNamed(
  tables: readonly FormulaTable[],
  name: string,
): FormulaTable | undefined {
  const lower = name.toLowerCase()
  return tables.find((t) => t.name.toLowerCase() === lower)
}
