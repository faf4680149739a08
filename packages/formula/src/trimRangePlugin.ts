import type { ArraySize } from 'hyperformula'
import {
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ExcelFunctionPlugin, valueError, type Call } from './excelFunctionPlugin.js'
import { measuredResult, predictMeasured } from './measuredSpill.js'

/**
 * TRIMRANGE(range, [trim_rows], [trim_cols]): the range without its blank outer rows and/or
 * columns (0 none, 1 leading, 2 trailing, 3 both, the default). Its size depends on the data,
 * so its spill is sized by measuring (`measuredSpill.ts`): exactly the trimmed range.
 */

type Rows = unknown[][]

const isBlank = (v: unknown): boolean => v === EmptyValue || v === null || v === undefined

/** First and one past the last index whose line is not blank, as `mode` trims them. */
function bounds(count: number, blankAt: (i: number) => boolean, mode: number): [number, number] {
  let start = 0
  let end = count
  if (mode === 1 || mode === 3) while (start < end && blankAt(start)) start++
  if (mode === 2 || mode === 3) while (end > start && blankAt(end - 1)) end--
  return [start, end]
}

/** `rows` trimmed; an empty result when every cell is blank and both ends are trimmed. */
export function trimRows(rows: Rows, trimRowsMode: number, trimColsMode: number): Rows {
  const width = rows[0]?.length ?? 0
  const [top, bottom] = bounds(rows.length, (r) => (rows[r] ?? []).every(isBlank), trimRowsMode)
  const kept = rows.slice(top, bottom)
  const [left, right] = bounds(width, (c) => kept.every((row) => isBlank(row[c])), trimColsMode)
  return kept.map((row) => row.slice(left, right))
}

const MODE = { argumentType: FunctionArgumentType.NUMBER, defaultValue: 3 }

export class TrimRangePlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TRIMRANGE: {
      method: 'trimrange',
      sizeOfResultArrayMethod: 'trimrangeSize',
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, MODE, MODE],
    },
  }

  trimrange(ast: Call, state: unknown): unknown {
    return measuredResult(this.dependencyGraph, 'TRIMRANGE', state, this.trimmed(ast, state))
  }

  private trimmed(ast: Call, state: unknown): unknown {
    return this.call(
      'TRIMRANGE',
      ast,
      state,
      (range: SimpleRangeValue, rowsMode: number, colsMode: number) => {
        const r = Math.trunc(rowsMode)
        const c = Math.trunc(colsMode)
        if (r < 0 || r > 3 || c < 0 || c > 3) return valueError('Trim modes are 0 to 3.')
        const rows = trimRows(range.data as Rows, r, c)
        if (rows.length === 0 || (rows[0]?.length ?? 0) === 0) {
          return new CellError(ErrorType.VALUE, 'The range is empty.')
        }
        if (rows.length === 1 && rows[0]?.length === 1) return rows[0][0]
        return SimpleRangeValue.onlyValues(rows as never)
      },
    )
  }

  /** The size last measured for this formula (see `measuredSpill.ts`). */
  trimrangeSize(_ast: Call, state: unknown): ArraySize {
    return predictMeasured(this.dependencyGraph, 'TRIMRANGE', state)
  }
}
