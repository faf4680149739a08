import type { ArraySize } from 'hyperformula'
import {
  CellError,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ExcelFunctionPlugin, valueError, type Call } from './excelFunctionPlugin.js'
import { literalArgs, sizeOf, type LiteralAst } from './literalSpill.js'
import { measureUnknownSizes, UNKNOWN_SIZE } from './measuredSpill.js'

/**
 * TEXTSPLIT (Excel 365): text split into columns, and rows when a row delimiter is given.
 * The spill's size depends on the text, and HyperFormula sizes a spill when it parses the
 * formula, so it spills when its arguments are typed in the formula (`TEXTSPLIT("a b"," ")`).
 * With text from a cell it works inside another function (`INDEX(TEXTSPLIT(A1," "),2)`), and
 * as a formula's own spill gives the one piece there is, else #VALUE! (see CONFORMANCE.md).
 */

type Delimiters = string[]

function delimitersOf(v: unknown): Delimiters | CellError {
  if (v instanceof CellError) return v
  if (v === null || v === undefined) return []
  if (v instanceof SimpleRangeValue) return v.valuesFromTopLeftCorner().map((d) => String(d))
  if (Array.isArray(v)) return (v as unknown[][]).flat().map((d) => String(d))
  return [String(v)]
}

function splitBy(text: string, delimiters: Delimiters, ignoreCase: boolean): string[] {
  const used = delimiters.filter((d) => d !== '')
  if (used.length === 0) return [text]
  const escaped = used
    .sort((a, b) => b.length - a.length)
    .map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return text.split(new RegExp(escaped.join('|'), ignoreCase ? 'i' : ''))
}

/** The pieces of TEXTSPLIT as rows, padded with `pad` to one width. */
export function textSplit(
  text: string,
  cols: Delimiters,
  rows: Delimiters,
  ignoreEmpty: boolean,
  ignoreCase: boolean,
  pad: unknown,
): unknown[][] {
  const lines = splitBy(text, rows, ignoreCase)
  const keep = (pieces: string[]): string[] =>
    ignoreEmpty ? pieces.filter((p) => p !== '') : pieces
  const table = keep(lines).map((line) => keep(splitBy(line, cols, ignoreCase)))
  const width = Math.max(1, ...table.map((r) => r.length))
  return table.map((r) => [...r, ...new Array<unknown>(width - r.length).fill(pad)])
}

function literalResult(ast: { args: LiteralAst[] }): unknown[][] | undefined {
  const args = literalArgs(ast)
  if (!args || typeof args[0] !== 'string') return undefined
  const cols = delimitersOf(args[1])
  const rows = delimitersOf(args[2])
  if (cols instanceof CellError || rows instanceof CellError) return undefined
  if (cols.length === 0 && rows.length === 0) return undefined
  return textSplit(args[0], cols, rows, args[3] === true || args[3] === 1, args[4] === 1, null)
}

export class TextSplitPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TEXTSPLIT: {
      method: 'textsplit',
      sizeOfResultArrayMethod: 'textsplitSize',
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.STRING },
        { argumentType: FunctionArgumentType.ANY, optionalArg: true },
        { argumentType: FunctionArgumentType.ANY, optionalArg: true },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
        { argumentType: FunctionArgumentType.ANY, optionalArg: true },
      ],
    },
  }

  textsplit(ast: Call, state: unknown): unknown {
    return this.call(
      'TEXTSPLIT',
      ast,
      state,
      (text: string, c: unknown, r: unknown, ignoreEmpty: boolean, mode: number, pad: unknown) => {
        const cols = delimitersOf(c)
        if (cols instanceof CellError) return cols
        const rows = delimitersOf(r)
        if (rows instanceof CellError) return rows
        if (cols.length === 0 && rows.length === 0) return valueError('No delimiter.')
        const filler = pad === undefined || pad === null ? new CellError(ErrorType.NA) : pad
        const table = textSplit(text, cols, rows, ignoreEmpty, mode === 1, filler)
        if (table.length === 1 && table[0]?.length === 1) return table[0][0]
        // Sized from the text typed in the formula, else measured (`measureUnknownSizes`).
        return SimpleRangeValue.onlyValues(table as never)
      },
    )
  }

  textsplitSize(ast: { args: LiteralAst[] }): ArraySize {
    const result = literalResult(ast)
    return result ? sizeOf(result) : UNKNOWN_SIZE
  }
}

// A size the formula's text does not give (text from a cell) is measured.
measureUnknownSizes(TextSplitPlugin, ['TEXTSPLIT'])
