import {
  ArraySize,
  CellError,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ExcelFunctionPlugin, rowsOf, type Call } from './excelFunctionPlugin.js'
import { literalOf, type LiteralAst } from './literalSpill.js'

/**
 * What older Excel computed where Excel 365 would spill:
 *
 * - `ARRAYFIT(array, rows, cols)` is a legacy array formula (`{=…}`, entered with
 *   Ctrl+Shift+Enter over a range) fitted to its range, as ECMA-376 Part 1 §18.17.2
 *   ("Single- and Multi-Cell Formulas") and Microsoft's "Dynamic array formulas vs. legacy CSE
 *   array formulas" describe it: a larger result is cut to the range, a single value fills it,
 *   a single row or column is repeated along the other dimension, and cells past a larger
 *   result are #N/A. Excel has no function for it (the range is the array formula's own);
 *   the XLSX import writes one where a file has such an array, the export writes it back as
 *   Excel's array formula over `rows` x `cols`.
 * - `SINGLE(value)` is Excel's implicit intersection, the `@` operator (`=@A1:A10`; Excel
 *   saves `@` as `_xlfn.SINGLE(`): a range gives its cell in the formula's row or column, an
 *   array its top-left value, a single value itself (Microsoft, "Implicit intersection
 *   operator: @").
 */

type Rows = unknown[][]
type Ast = LiteralAst & { args: LiteralAst[] }

/** Excel's largest sheet: a legacy array cannot be larger. */
const MAX_ROWS = 1_048_576
const MAX_COLS = 16_384

/** A whole number typed in the formula, within `max`; undefined otherwise. */
function literalCount(ast: LiteralAst | undefined, max: number): number | undefined {
  const v = literalOf(ast)
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) return undefined
  return v
}

/** The cell at (r, c) of `rows` fitted to a larger or smaller range (ECMA-376 §18.17.2). */
function fittedCell(rows: Rows, r: number, c: number): unknown {
  const height = rows.length
  const width = rows[0]?.length ?? 0
  const row = height === 1 ? 0 : r
  const col = width === 1 ? 0 : c
  if (row >= height || col >= width) return new CellError(ErrorType.NA)
  return rows[row]?.[col]
}

/** `rows` fitted to `height` x `width`. */
export function fitArray(rows: Rows, height: number, width: number): Rows {
  return Array.from({ length: height }, (_, r) =>
    Array.from({ length: width }, (_, c) => fittedCell(rows, r, c)),
  )
}

/** The range a reference-valued argument came from, when HyperFormula kept it. */
interface RangeOrigin {
  start: { row: number; col: number }
  end: { row: number; col: number }
}

function originOf(v: SimpleRangeValue): RangeOrigin | undefined {
  const range = (v as unknown as { range?: RangeOrigin }).range
  return range && typeof range.start?.row === 'number' ? range : undefined
}

/**
 * Implicit intersection of `v` with the cell at (row, col): a range's cell in that row (one
 * column), that column (one row) or both; #VALUE! when the formula is outside it.
 */
export function intersect(v: unknown, row: number, col: number): unknown {
  if (!(v instanceof SimpleRangeValue)) return v
  const rows = rowsOf(v)
  const origin = originOf(v)
  if (!origin) return rows[0]?.[0] ?? new CellError(ErrorType.VALUE)
  return intersectAt({ rows, row: origin.start.row, col: origin.start.col }, row, col)
}

/** A block of a sheet's values and the position of its top-left cell. */
interface Part {
  rows: Rows
  row: number
  col: number
}

interface IndexAst extends LiteralAst {
  args: LiteralAst[]
}

function intersectAt(part: Part, row: number, col: number): unknown {
  const { rows } = part
  const height = rows.length
  const width = rows[0]?.length ?? 0
  if (height === 0 || width === 0) return new CellError(ErrorType.VALUE)
  const r = height === 1 ? 0 : row - part.row
  const c = width === 1 ? 0 : col - part.col
  if (r < 0 || r >= height || c < 0 || c >= width) {
    return new CellError(ErrorType.VALUE, 'The range does not cross the formula’s row or column.')
  }
  return rows[r]?.[c]
}

export class LegacyArrayPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ARRAYFIT: {
      method: 'arrayfit',
      sizeOfResultArrayMethod: 'arrayfitSize',
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.ANY },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
      ],
    },
    SINGLE: {
      method: 'single',
      vectorizationForbidden: true,
      doesNotNeedArgumentsToBeComputed: true,
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
    },
  }

  arrayfit(ast: Call, state: unknown): unknown {
    const a = ast as unknown as Ast
    const height = literalCount(a.args[1], MAX_ROWS)
    const width = literalCount(a.args[2], MAX_COLS)
    if (a.args.length !== 3 || height === undefined || width === undefined) {
      return new CellError(
        ErrorType.VALUE,
        'ARRAYFIT needs an array and its range’s rows and columns typed as whole numbers.',
      )
    }
    const value = this.evaluateAst(a.args[0] as never, state as never)
    if (value instanceof CellError && height * width === 1) return value
    const rows = fitArray(rowsOf(value), height, width)
    if (height * width === 1) return rows[0]?.[0]
    return SimpleRangeValue.onlyValues(rows as never)
  }

  arrayfitSize(ast: Call): ArraySize {
    const a = ast as unknown as Ast
    const height = literalCount(a.args[1], MAX_ROWS)
    const width = literalCount(a.args[2], MAX_COLS)
    return height && width ? new ArraySize(width, height) : ArraySize.scalar()
  }

  single(ast: Call, state: unknown): unknown {
    const a = ast as unknown as Ast
    const arg = a.args[0]
    if (a.args.length !== 1 || !arg) return new CellError(ErrorType.NA, 'SINGLE takes one value.')
    const at = (state as { formulaAddress: { row: number; col: number } }).formulaAddress
    const index = this.indexReference(arg as IndexAst, state)
    if (index) return index instanceof CellError ? index : intersectAt(index, at.row, at.col)
    const value = this.evaluateAst(arg as never, state as never)
    return intersect(value, at.row, at.col)
  }

  /**
   * `INDEX(range, row, col)` is a reference in Excel (`@INDEX(A:B,0,2)` intersects column B),
   * where HyperFormula gives its values only: the part of the range it names, with its origin.
   */
  private indexReference(ast: IndexAst, state: unknown): Part | CellError | undefined {
    if (ast.type !== 'FUNCTION_CALL' || ast.procedureName !== 'INDEX') return undefined
    const [source, rowArg, colArg, areaArg] = ast.args
    if (!source || areaArg || !/RANGE$/.test(source.type)) return undefined
    const range = this.evaluateAst(source as never, state as never)
    if (!(range instanceof SimpleRangeValue)) return undefined
    const origin = originOf(range)
    if (!origin) return undefined
    const rows = rowsOf(range)
    const count = (arg: LiteralAst | undefined): number | CellError => {
      if (!arg || arg.type === 'EMPTY') return 0
      return this.toNumber(this.evaluateAst(arg as never, state as never))
    }
    let r = count(rowArg)
    let c = count(colArg)
    if (r instanceof CellError) return r
    if (c instanceof CellError) return c
    r = Math.trunc(r)
    c = Math.trunc(c)
    // INDEX(row_or_column, n) counts along the one dimension it has.
    if (colArg === undefined && rows.length === 1) [r, c] = [0, r]
    const height = rows.length
    const width = rows[0]?.length ?? 0
    if (r < 0 || c < 0 || r > height || c > width) {
      return new CellError(ErrorType.REF, 'INDEX is outside the range.')
    }
    const top = r === 0 ? 0 : r - 1
    const left = c === 0 ? 0 : c - 1
    const picked = rows
      .slice(top, r === 0 ? height : r)
      .map((line) => line.slice(left, c === 0 ? width : c))
    return { rows: picked, row: origin.start.row + top, col: origin.start.col + left }
  }
}
