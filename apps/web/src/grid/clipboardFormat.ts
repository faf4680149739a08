import { isDefaultFormat, type CellFormat } from '@cellmate/model'
import { FORMAT_ATTRIBUTE, formatStyle, readFormatAttribute } from './clipboardCellFormat'

/**
 * The two clipboard formats spreadsheets exchange: tab-separated text (`text/plain`) and an
 * HTML table (`text/html`). Excel, Google Sheets and LibreOffice write both and prefer the
 * HTML on paste; a plain text editor only gives text.
 */

/** A rectangle of cell texts, row by row. Rows may differ in length; readers pad with "". */
export type CellGrid = string[][]

const NEEDS_QUOTES = /[\t\n\r"]/

/**
 * TSV as Excel writes it: cells joined by tabs, rows by newlines, and a cell holding a tab,
 * newline or quote wrapped in quotes with inner quotes doubled.
 */
export function toTsv(grid: CellGrid): string {
  return grid
    .map((row) =>
      row
        .map((cell) => (NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
        .join('\t'),
    )
    .join('\n')
}

/**
 * Reads TSV as Excel and Google Sheets write it: a cell that starts with `"` is quoted and
 * may hold tabs, newlines and doubled quotes; `\r\n` and `\n` both end a row; one trailing
 * line break (Excel adds it) is not an extra empty row. A quote that does not open a
 * well-formed quoted cell is kept as text, as Excel does with `5" pipe`.
 */
export function parseTsv(text: string): CellGrid {
  const rows: CellGrid = []
  if (text === '') return rows
  let row: string[] = []
  let i = 0
  const n = text.length
  const endRow = (): void => {
    rows.push(row)
    row = []
  }
  while (i < n) {
    let cell: string
    const quoted = text[i] === '"' ? readQuoted(text, i) : null
    if (quoted) {
      cell = quoted.value
      i = quoted.next
    } else {
      let j = i
      while (j < n && text[j] !== '\t' && text[j] !== '\n' && text[j] !== '\r') j++
      cell = text.slice(i, j)
      i = j
    }
    row.push(cell)
    if (i >= n) {
      endRow()
      break
    }
    if (text[i] === '\t') {
      i++
      if (i === n) {
        row.push('')
        endRow()
        break
      }
    } else {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1
      endRow()
      if (i === n) break
    }
  }
  return rows
}

/** A quoted cell starting at `start`, or null when the quotes do not close before a separator. */
function readQuoted(text: string, start: number): { value: string; next: number } | null {
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text[i]
    if (ch === '"') {
      if (text[i + 1] === '"') {
        value += '"'
        i += 2
        continue
      }
      const after = text[i + 1]
      if (after === undefined || after === '\t' || after === '\n' || after === '\r') {
        return { value, next: i + 1 }
      }
      return null
    }
    value += ch
    i++
  }
  return null
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** The format of each cell of a `CellGrid`, row by row (`{}`: unformatted). */
export type FormatGrid = CellFormat[][]

/** A table cell: its format (see `clipboardCellFormat.ts`) and its text, line breaks as `<br>`. */
function htmlCell(text: string, format: CellFormat | undefined): string {
  const content = escapeHtml(text).replace(/\r?\n/g, '<br>')
  if (!format || isDefaultFormat(format)) return `<td>${content}</td>`
  const style = formatStyle(format)
  const json = escapeHtml(JSON.stringify(format))
  return `<td${style ? ` style="${style}"` : ''} ${FORMAT_ATTRIBUTE}="${json}">${content}</td>`
}

/**
 * An HTML table of the texts, the way spreadsheets put ranges on the clipboard, with each
 * cell's format when `formats` are given.
 */
export function toHtmlTable(grid: CellGrid, formats?: FormatGrid): string {
  const body = grid
    .map((row, r) => `<tr>${row.map((cell, c) => htmlCell(cell, formats?.[r]?.[c])).join('')}</tr>`)
    .join('')
  return `<meta charset="utf-8"><table><tbody>${body}</tbody></table>`
}

/** The text of a table cell as a spreadsheet shows it: `<br>` and paragraphs become newlines. */
function cellText(el: Element): string {
  let out = ''
  const walk = (node: Node): void => {
    if (node.nodeType === 3) {
      out += (node.textContent ?? '').replace(/[ \t\r\n]+/g, ' ')
      return
    }
    if (node.nodeType !== 1) return
    const tag = (node as Element).tagName.toLowerCase()
    if (tag === 'br') {
      out += '\n'
      return
    }
    if (tag === 'style' || tag === 'script') return
    const block = tag === 'p' || tag === 'div'
    if (block && out !== '' && !out.endsWith('\n')) out += '\n'
    node.childNodes.forEach(walk)
  }
  el.childNodes.forEach(walk)
  return out
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\u00a0/g, ' ')
    .trim()
}

/**
 * The first table in clipboard HTML (Excel, Google Sheets, LibreOffice, a web page), as cell
 * texts; `colspan`/`rowspan` cells take their first slot and leave the rest empty, as when
 * Excel unmerges. Null when the HTML has no table.
 */
export function parseHtmlTable(html: string): CellGrid | null {
  return parseHtmlCells(html)?.texts ?? null
}

/**
 * Like `parseHtmlTable`, with the cells' formats when the table is Cellmate's (another tab's
 * copy: see `toHtmlTable`); `formats` is null for anyone else's table, whose cells keep the
 * format they have.
 */
export function parseHtmlCells(
  html: string,
): { texts: CellGrid; formats: FormatGrid | null } | null {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  const table = doc.querySelector('table')
  if (!table) return null
  const grid: CellGrid = []
  const formats: FormatGrid = []
  let formatted = false
  /** Slots already taken by a rowspan from above: `row -> set of columns`. */
  const taken = new Map<number, Set<number>>()
  const rows = Array.from(table.querySelectorAll('tr')).filter(
    (tr) => tr.closest('table') === table,
  )
  rows.forEach((tr, r) => {
    const out: string[] = grid[r] ?? []
    grid[r] = out
    const looks: CellFormat[] = formats[r] ?? []
    formats[r] = looks
    let c = 0
    for (const td of Array.from(tr.children)) {
      const tag = td.tagName.toLowerCase()
      if (tag !== 'td' && tag !== 'th') continue
      while (taken.get(r)?.has(c)) c++
      const colspan = Math.max(1, Number(td.getAttribute('colspan')) || 1)
      const rowspan = Math.max(1, Number(td.getAttribute('rowspan')) || 1)
      for (let dr = 0; dr < rowspan; dr++) {
        for (let dc = 0; dc < colspan; dc++) {
          if (dr === 0 && dc === 0) continue
          let set = taken.get(r + dr)
          if (!set) taken.set(r + dr, (set = new Set()))
          set.add(c + dc)
        }
      }
      out[c] = cellText(td)
      const format = readFormatAttribute(td.getAttribute(FORMAT_ATTRIBUTE))
      if (format) formatted = true
      looks[c] = format ?? {}
      c += colspan
    }
  })
  return {
    texts: grid.map((row) => Array.from(row, (cell) => cell ?? '')),
    formats: formatted ? formats.map((row) => Array.from(row, (format) => format ?? {})) : null,
  }
}

/** The width of the widest row. */
export function gridWidth(grid: readonly (readonly unknown[])[]): number {
  return grid.reduce((w, row) => Math.max(w, row.length), 0)
}
