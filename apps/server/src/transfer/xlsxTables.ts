import { colToLetters, parseRange } from '@cellmate/model'
import { quoteSheetName } from '@cellmate/formula'

/**
 * Excel tables and their structured references. An imported table becomes a Cellmate table
 * (`addTable`: name, range, header and totals rows, style, column names), and formulas keep
 * their structured references to it (`@cellmate/formula` anchors them to the table). A table
 * the import cannot keep (`tablesFromXlsx`) leaves its cells as plain cells: every structured
 * reference to it (`Sales[Amount]`, `Sales[[#This Row],[Amount]]`, `[@Amount]`,
 * `Sales[#Totals]`, `Sales`) becomes the cell range it names (`resolveStructuredRefs`), so the
 * formula keeps computing what it computed in Excel instead of #NAME?. A whole column or part
 * of a table becomes an absolute range (`$C$2:$C$10`, as a structured reference stays put when
 * filled down); `#This Row` keeps its row relative (`$C5`), so a filled calculated column still
 * reads its own row.
 */
export interface XlsxTable {
  /** The name formulas use (`displayName` in the file). */
  name: string
  /** The name of the sheet the table is on. */
  sheet: string
  /** 1-based rows and columns, as in A1. */
  top: number
  left: number
  bottom: number
  right: number
  headerRows: number
  totalsRows: number
  columns: string[]
  /** `<tableStyleInfo>`: the style's name ('' for none) and its options. */
  style: string
  bandedRows: boolean
  bandedCols: boolean
  firstColumn: boolean
  lastColumn: boolean
}

function attr(xml: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1]
}

/** A table part (`xl/tables/tableN.xml`) of sheet `sheet`, or null when it does not read. */
export function parseTablePart(
  xml: string,
  sheet: string,
  decode: (s: string) => string,
): XlsxTable | null {
  const head = /<table\s[^>]*>/.exec(xml)?.[0]
  if (!head) return null
  const name = decode(attr(head, 'displayName') ?? attr(head, 'name') ?? '')
  const range = parseRange(attr(head, 'ref') ?? '')
  if (!name || !range) return null
  const columns = [...xml.matchAll(/<tableColumn\s[^>]*?name="([^"]*)"/g)].map((m) =>
    decode(m[1] as string),
  )
  const info = /<tableStyleInfo(?:\s[^>]*)?\/?>/.exec(xml)?.[0] ?? ''
  const flag = (name: string): boolean => /^(?:1|true)$/.test(attr(info, name) ?? '')
  return {
    name,
    sheet,
    top: range.start.row + 1,
    left: range.start.col + 1,
    bottom: range.end.row + 1,
    right: range.end.col + 1,
    headerRows: Number(attr(head, 'headerRowCount') ?? 1) > 0 ? 1 : 0,
    totalsRows: Number(attr(head, 'totalsRowCount') ?? 0) > 0 ? 1 : 0,
    columns,
    style: decode(attr(info, 'name') ?? ''),
    bandedRows: flag('showRowStripes'),
    bandedCols: flag('showColumnStripes'),
    firstColumn: flag('showFirstColumn'),
    lastColumn: flag('showLastColumn'),
  }
}

/** Where a formula is: its sheet's name and its 1-based row and column. */
export interface FormulaSite {
  sheet: string
  row: number
  col: number
}

type Item = '#all' | '#data' | '#headers' | '#totals' | '#this row'
const ITEMS = new Set<string>(['#all', '#data', '#headers', '#totals', '#this row'])

/** The bracket group starting at `open` (`[`), with `'` escaping the next character: its end. */
function groupEnd(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    const ch = text[i]
    if (ch === "'") i++
    else if (ch === '[') depth++
    else if (ch === ']' && --depth === 0) return i
  }
  return -1
}

/** `'` escapes in a column name (`Q'[1']` is the column `Q[1]`) removed. */
const unescape = (s: string): string => s.replace(/'(.)/g, '$1').trim()

/** The parts of a structured reference's inside (`[#This Row],[A]:[B]` or `@A` or `A`). */
function specParts(inner: string): { items: Item[]; from?: string; to?: string } | null {
  const body = inner.trim()
  if (body === '') return { items: ['#data'] }
  if (body.startsWith('@')) {
    const rest = body.slice(1).trim()
    const column = rest.startsWith('[') ? rest.slice(1, -1) : rest
    return column ? { items: ['#this row'], from: unescape(column) } : { items: ['#this row'] }
  }
  if (!body.startsWith('[')) {
    const word = unescape(body).toLowerCase()
    return ITEMS.has(word) ? { items: [word as Item] } : { items: ['#data'], from: unescape(body) }
  }
  // A list of bracketed parts, separated by commas; the last may be a column range.
  const parts: string[] = []
  let i = 0
  while (i < body.length) {
    if (body[i] !== '[') {
      i++
      continue
    }
    const end = groupEnd(body, i)
    if (end < 0) return null
    parts.push(body.slice(i + 1, end))
    const next = body.slice(end + 1).trimStart()
    if (next.startsWith(':')) parts.push(':')
    i = end + 1
  }
  const items: Item[] = []
  const columns: string[] = []
  let range = false
  for (const part of parts) {
    if (part === ':') range = true
    else if (ITEMS.has(unescape(part).toLowerCase()))
      items.push(unescape(part).toLowerCase() as Item)
    else columns.push(unescape(part))
  }
  if (columns.length > 2 || (columns.length === 2 && !range)) return null
  return {
    items: items.length > 0 ? items : ['#data'],
    ...(columns[0] !== undefined ? { from: columns[0] } : {}),
    ...(columns[1] !== undefined ? { to: columns[1] } : {}),
  }
}

/** The A1 text a structured reference names, or `#REF!` when it names nothing. */
function resolve(table: XlsxTable, inner: string, at: FormulaSite): string {
  const spec = specParts(inner)
  if (!spec) return '#REF!'
  const dataTop = table.top + table.headerRows
  const dataBottom = table.bottom - table.totalsRows
  let top = Infinity
  let bottom = -Infinity
  let thisRow = false
  for (const item of spec.items) {
    const [a, b] =
      item === '#all'
        ? [table.top, table.bottom]
        : item === '#headers'
          ? [table.top, table.headerRows ? table.top : 0]
          : item === '#totals'
            ? [table.totalsRows ? table.bottom : 0, table.bottom]
            : item === '#this row'
              ? [at.row, at.row]
              : [dataTop, dataBottom]
    if (a === 0 || b === 0 || a > b) return '#REF!'
    if (item === '#this row') {
      if (!(at.row >= dataTop && at.row <= dataBottom)) return '#VALUE!'
      thisRow = true
    }
    top = Math.min(top, a)
    bottom = Math.max(bottom, b)
  }
  const index = (name: string | undefined): number =>
    name === undefined ? -1 : table.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase())
  let left = table.left
  let right = table.right
  if (spec.from !== undefined) {
    const a = index(spec.from)
    const b = spec.to === undefined ? a : index(spec.to)
    if (a < 0 || b < 0) return '#REF!'
    left = table.left + Math.min(a, b)
    right = table.left + Math.max(a, b)
  }
  const sheet = table.sheet === at.sheet ? '' : `${quoteSheetName(table.sheet)}!`
  const cell = (col: number, row: number): string =>
    thisRow ? `$${colToLetters(col - 1)}${row}` : `$${colToLetters(col - 1)}$${row}`
  const start = cell(left, top)
  const end = cell(right, bottom)
  return sheet + (start === end ? start : `${start}:${end}`)
}

const NAME_START = /[A-Za-z_\\\u00A1-\uFFFF]/
const NAME_CHAR = /[\w.\\\u00A1-\uFFFF]/

/**
 * `formula` (`=…`) with every structured reference to one of `tables` replaced by the range
 * it names for a formula at `at`; a bare `[Column]` or `[@Column]` means the table `at` is in.
 * String literals and quoted sheet names are left alone; so is anything not a table's.
 */
export function resolveStructuredRefs(
  formula: string,
  tables: readonly XlsxTable[],
  at: FormulaSite,
): string {
  if (tables.length === 0 || !formula.includes('[')) return formula
  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]))
  const home = tables.find(
    (t) =>
      t.sheet === at.sheet &&
      at.row >= t.top &&
      at.row <= t.bottom &&
      at.col >= t.left &&
      at.col <= t.right,
  )
  let out = ''
  let i = 0
  while (i < formula.length) {
    const ch = formula[i] as string
    if (ch === '"' || ch === "'") {
      let j = i + 1
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) {
        j += formula[j] === ch ? 2 : 1
      }
      out += formula.slice(i, j + 1)
      i = j + 1
      continue
    }
    if (NAME_START.test(ch) && !NAME_CHAR.test(formula[i - 1] ?? ' ')) {
      let j = i + 1
      while (j < formula.length && NAME_CHAR.test(formula[j] as string)) j++
      const table = byName.get(formula.slice(i, j).toLowerCase())
      const end = formula[j] === '[' ? groupEnd(formula, j) : -1
      if (table && end > 0) {
        out += resolve(table, formula.slice(j + 1, end), at)
        i = end + 1
      } else if (table && !/^\s*[([!]/.test(formula.slice(j))) {
        // A table's name alone is its data rows (names of tables and defined names are one set).
        out += resolve(table, '', at)
        i = j
      } else {
        out += formula.slice(i, j)
        i = j
      }
      continue
    }
    if (ch === '[' && home && !/^\[\d+\]/.test(formula.slice(i))) {
      const end = groupEnd(formula, i)
      if (end > 0) {
        out += resolve(home, formula.slice(i + 1, end), at)
        i = end + 1
        continue
      }
    }
    out += ch
    i++
  }
  return out
}
