import Papa from 'papaparse'
import { badFile, tooBig, type ImportLimits, type ParsedSheet } from './parsedSheet.js'

/**
 * Decodes the bytes of a text file: UTF-8 (a BOM is dropped), or Windows-1252 when the bytes
 * are not valid UTF-8 (what Excel on Windows writes for "CSV"). A file with NUL bytes is
 * binary, not CSV.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) {
    throw badFile(
      'this file is not a CSV text file (it contains binary data); import .csv or .xlsx',
    )
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/**
 * Reads CSV (or TSV, or `;`-separated: the delimiter is detected) into one sheet. Each field
 * becomes the cell's raw input as if typed, so `42` is a number, `2026-01-31` a date and
 * `=A1*2` a formula, as Google Sheets imports it; a field written as `'=x` stays text.
 * Trailing empty rows and cells are dropped. Refuses an unterminated quote, a cell, row or
 * column count past the limits, and a file with no data.
 */
export function parseCsv(text: string, name: string, limits: ImportLimits): ParsedSheet {
  const result = Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    delimitersToGuess: [',', '\t', ';', '|'],
  })
  const unclosed = result.errors.find((e) => e.code === 'MissingQuotes')
  if (unclosed) {
    const row = (unclosed.row ?? 0) + 1
    throw badFile(`row ${row}: a quoted field is never closed, so the file is not valid CSV`)
  }
  const inputs: string[][] = []
  let cells = 0
  let width = 0
  for (let r = 0; r < result.data.length; r++) {
    const row = trimTrailing(result.data[r] ?? [])
    if (row.length > limits.maxCols) {
      throw tooBig(`row ${r + 1} has ${row.length} columns; a sheet has at most ${limits.maxCols}`)
    }
    for (let c = 0; c < row.length; c++) {
      const field = row[c] as string
      if (field === '') continue
      if (field.length > limits.maxCellChars) {
        throw tooBig(
          `row ${r + 1}, column ${c + 1} has ${field.length} characters; a cell holds at most ${limits.maxCellChars}`,
        )
      }
      cells++
    }
    if (cells > limits.maxCells) {
      throw tooBig(`the file has more than ${limits.maxCells} non-empty cells, the import limit`)
    }
    width = Math.max(width, row.length)
    inputs.push(row)
  }
  while (inputs.length > 0 && (inputs[inputs.length - 1] as string[]).length === 0) inputs.pop()
  if (inputs.length === 0 || width === 0) throw badFile('the file has no data')
  if (inputs.length > limits.maxRows) {
    throw tooBig(`the file has ${inputs.length} rows; a sheet has at most ${limits.maxRows}`)
  }
  return { name, inputs, formats: [], colWidths: [], rowHeights: [] }
}

function trimTrailing(row: string[]): string[] {
  let end = row.length
  while (end > 0 && row[end - 1] === '') end--
  return end === row.length ? row : row.slice(0, end)
}
