import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { ExcelFunctionPlugin, numberOf, type Call } from './excelFunctionPlugin.js'
import { literalOf, type LiteralAst } from './literalSpill.js'
import {
  countingLike,
  estimate,
  fit,
  linestBlock,
  newObservations,
  observations,
  type Cell,
  type Grid,
  type Observations,
  type RegressionError,
} from './regression.js'
import { measureUnknownSizes, UNKNOWN_SIZE } from './measuredSpill.js'

/**
 * LINEST, LOGEST, TREND and GROWTH (`regression.ts` computes; this plugin reads the arguments
 * and sizes the spill). HyperFormula sizes a spill when it parses the formula: the sizes of
 * the ranges are known then, and LINEST's stats flag is read when typed in the formula; a flag
 * from a cell gives the one-row size (the five-row result is then right inside another
 * function, #VALUE! as the formula's own spill; see CONFORMANCE.md).
 */

type Ast = LiteralAst & { args: LiteralAst[] }

const ERRORS: Record<RegressionError | '#N/A', ErrorType> = {
  '#VALUE!': ErrorType.VALUE,
  '#REF!': ErrorType.REF,
  '#NUM!': ErrorType.NUM,
  '#N/A': ErrorType.NA,
}

const MESSAGES: Record<RegressionError, string> = {
  '#VALUE!': 'Every known and new value must be a number.',
  '#REF!': "The known_x's must match the known_y's (rows for a column, columns for a row).",
  '#NUM!': 'There are fewer observations than coefficients, or a value is out of range.',
}

const fail = (e: RegressionError): CellError => new CellError(ERRORS[e], MESSAGES[e])

const ANY = { argumentType: FunctionArgumentType.ANY }
const spec = (method: string, count: number) => ({
  method,
  sizeOfResultArrayMethod: `${method}Size`,
  vectorizationForbidden: true,
  parameters: Array.from({ length: count }, (_, i) => ({ ...ANY, optionalArg: i > 0 })),
})

export class RegressionPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    LINEST: spec('linest', 4),
    LOGEST: spec('logest', 4),
    TREND: spec('trend', 4),
    GROWTH: spec('growth', 4),
  }

  linest(ast: Call, state: unknown): unknown {
    return this.block(ast as unknown as Ast, state, false)
  }

  logest(ast: Call, state: unknown): unknown {
    return this.block(ast as unknown as Ast, state, true)
  }

  trend(ast: Call, state: unknown): unknown {
    return this.predict(ast as unknown as Ast, state, false)
  }

  growth(ast: Call, state: unknown): unknown {
    return this.predict(ast as unknown as Ast, state, true)
  }

  linestSize(ast: Ast, state: unknown): ArraySize {
    return this.blockSize(ast, state)
  }

  logestSize(ast: Ast, state: unknown): ArraySize {
    return this.blockSize(ast, state)
  }

  trendSize(ast: Ast, state: unknown): ArraySize {
    return this.predictSize(ast, state)
  }

  growthSize(ast: Ast, state: unknown): ArraySize {
    return this.predictSize(ast, state)
  }

  /** An argument's value; null when it is omitted or left empty (`LINEST(A:A,B:B,,TRUE)`). */
  private arg(ast: Ast, state: unknown, i: number): unknown {
    const a = ast.args[i]
    if (!a || a.type === 'EMPTY') return null
    return this.evaluateAst(a as never, state as never)
  }

  /** A range or array argument as numbers; blanks, text and booleans are #VALUE!, as Excel. */
  private grid(v: unknown, log: boolean): Grid | CellError {
    const rows = v instanceof SimpleRangeValue ? (v.data as unknown[][]) : [[v]]
    const out: number[][] = []
    for (const row of rows) {
      const line: number[] = []
      for (const cell of row) {
        if (cell instanceof CellError) return cell
        const n = numberOf(cell)
        if (n === undefined) return fail('#VALUE!')
        if (log && n <= 0) return fail('#NUM!')
        line.push(log ? Math.log(n) : n)
      }
      out.push(line)
    }
    return out
  }

  /** A flag argument (const, stats): `fallback` when omitted; numbers and booleans as Excel. */
  private flag(ast: Ast, state: unknown, i: number, fallback: boolean): boolean | CellError {
    const v = this.arg(ast, state, i)
    if (v === null || v === EmptyValue) return fallback
    const n = this.toNumber(v)
    return n instanceof CellError ? n : n !== 0
  }

  /** known_y's (as logarithms for LOGEST and GROWTH) paired with known_x's. */
  private known(ast: Ast, state: unknown, log: boolean): Observations | CellError {
    const ys = this.grid(this.arg(ast, state, 0), log)
    if (ys instanceof CellError) return ys
    const xArg = this.arg(ast, state, 1)
    const xs = xArg === null ? countingLike(ys) : this.grid(xArg, false)
    if (xs instanceof CellError) return xs
    const obs = observations(ys, xs)
    return typeof obs === 'string' ? fail(obs) : obs
  }

  private block(ast: Ast, state: unknown, log: boolean): unknown {
    const obs = this.known(ast, state, log)
    if (obs instanceof CellError) return obs
    const withIntercept = this.flag(ast, state, 2, true)
    if (withIntercept instanceof CellError) return withIntercept
    const stats = this.flag(ast, state, 3, false)
    if (stats instanceof CellError) return stats
    const f = fit(obs, withIntercept)
    if (typeof f === 'string') return fail(f)
    return result(linestBlock(f, withIntercept, stats, log))
  }

  private predict(ast: Ast, state: unknown, log: boolean): unknown {
    const obs = this.known(ast, state, log)
    if (obs instanceof CellError) return obs
    const newArg = this.arg(ast, state, 2)
    // Without new_x's the estimates are for the known data, in known_y's shape.
    let target: ReturnType<typeof newObservations> = { x: obs.x, shape: obs.shape }
    if (newArg !== null) {
      const grid = this.grid(newArg, false)
      if (grid instanceof CellError) return grid
      target = newObservations(obs, grid)
    }
    if (typeof target === 'string') return fail(target)
    const withIntercept = this.flag(ast, state, 3, true)
    if (withIntercept instanceof CellError) return withIntercept
    const f = fit(obs, withIntercept)
    if (typeof f === 'string') return fail(f)
    const values = target.x.map((row) => (log ? Math.exp(estimate(f, row)) : estimate(f, row)))
    const [rows, cols] = target.shape
    return result(
      Array.from({ length: rows }, (_, r) =>
        Array.from({ length: cols }, (_, c): Cell => {
          const v = values[r * cols + c] as number
          return Number.isFinite(v) ? v : '#NUM!'
        }),
      ),
    )
  }

  /** Columns: one per variable plus the intercept; rows: 5 when stats is typed as true. */
  private blockSize(ast: Ast, state: unknown): ArraySize {
    const k = this.variables(ast, state)
    if (k === undefined) return ArraySize.scalar()
    const stats = ast.args[3] ? literalOf(ast.args[3]) : null
    // stats from a cell: one row or five, measured (`measureUnknownSizes`).
    if (stats === undefined) return UNKNOWN_SIZE
    const rows = stats === true || (typeof stats === 'number' && stats !== 0) ? 5 : 1
    return new ArraySize(k + 1, rows)
  }

  /** One value per observation of new_x's (of known_y's when new_x's is omitted). */
  private predictSize(ast: Ast, state: unknown): ArraySize {
    const k = this.variables(ast, state)
    if (k === undefined) return ArraySize.scalar()
    const y = this.arraySizeForAst(ast.args[0] as never, state as never)
    const newX = ast.args[2]
    if (!newX || newX.type === 'EMPTY') return new ArraySize(y.width, y.height)
    const size = this.arraySizeForAst(newX as never, state as never)
    if (k === 1) return new ArraySize(size.width, size.height)
    return y.width === 1 ? new ArraySize(1, size.height) : new ArraySize(size.width, 1)
  }

  /** The number of variables the sizes of known_y's and known_x's give; undefined if they don't fit. */
  private variables(ast: Ast, state: unknown): number | undefined {
    if (!ast.args[0]) return undefined
    const y = this.arraySizeForAst(ast.args[0] as never, state as never)
    const xAst = ast.args[1]
    if (!xAst || xAst.type === 'EMPTY') return 1
    const x = this.arraySizeForAst(xAst as never, state as never)
    if (x.width === y.width && x.height === y.height) return 1
    if (y.width === 1 && x.height === y.height) return x.width
    if (y.height === 1 && x.width === y.width) return x.height
    return undefined
  }
}

/** A result grid as HyperFormula takes it: a scalar for 1×1, else an array. */
function result(cells: Cell[][]): unknown {
  const values = cells.map((row) =>
    row.map((c) => (typeof c === 'number' ? c : new CellError(ERRORS[c]))),
  )
  if (values.length === 1 && values[0]?.length === 1) return values[0][0]
  return SimpleRangeValue.onlyValues(values as never)
}

// LINEST's and LOGEST's rows when stats comes from a cell are measured.
measureUnknownSizes(RegressionPlugin, ['LINEST', 'LOGEST'])
