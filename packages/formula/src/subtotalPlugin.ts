import {
  CellError,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
  type SimpleCellAddress,
} from 'hyperformula'
import { aggregate, takesK, type Kept } from './aggregateFunctions.js'
import {
  ExcelFunctionPlugin,
  isEmpty,
  naError,
  numberOf,
  valueError,
  type Call,
} from './excelFunctionPlugin.js'

/**
 * SUBTOTAL and AGGREGATE as Excel computes them. HyperFormula's SUBTOTAL counts subtotals
 * inside its range (Excel: `SUBTOTAL(9,B2:B10)` with subtotals in B5 and B10 adds only the
 * detail rows) and it has no AGGREGATE.
 *
 * Hidden rows, as Excel treats them: SUBTOTAL 1–11 leave out rows a filter hides, 101–111
 * also rows hidden by hand; AGGREGATE's options 1, 3, 5, 7 leave out both. HyperFormula knows
 * nothing of hidden rows, so whoever owns the engine tells it per engine (`bindRowHiding`,
 * which `WorkbookEngine.setHiddenRows` feeds), and both functions are volatile: a change of
 * what is hidden is a recalculation with no cell written.
 */

/** How a row is hidden: not, by a filter, or by hand (a hidden row a filter also hides). */
export type RowHiding = 'visible' | 'filtered' | 'hidden'
type RowHidingOf = (sheet: number, row: number) => RowHiding
const hidings = new WeakMap<object, RowHidingOf>()

/** Tells SUBTOTAL and AGGREGATE of `hf` how each row of an engine sheet is hidden. */
export function bindRowHiding(hf: object, of: RowHidingOf): void {
  hidings.set((hf as { dependencyGraph: object }).dependencyGraph, of)
}

/** Which hidden rows a call leaves out. */
type HiddenSkip = 'none' | 'filtered' | 'all'

function skipsRow(skip: HiddenSkip, hiding: RowHiding): boolean {
  return hiding !== 'visible' && (skip === 'all' || (skip === 'filtered' && hiding === 'filtered'))
}

/** The parts of HyperFormula's AST this plugin reads. */
interface AstNode {
  type: string
  procedureName?: string
  args?: AstNode[] | AstNode[][]
  left?: AstNode
  right?: AstNode
  /** A sub-expression of a unary operator; the literal of a number or string. */
  value?: unknown
  expression?: AstNode
  reference?: { toSimpleCellAddress(base: SimpleCellAddress): SimpleCellAddress }
}

interface State {
  formulaAddress: SimpleCellAddress
}

interface FormulaHolder {
  getFormula?: (service: unknown) => unknown
}

function isAst(v: unknown): v is AstNode {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string'
}

const NESTED = new Set(['SUBTOTAL', 'AGGREGATE'])
const calls = new WeakMap<object, boolean>()

/** True when a formula's AST calls SUBTOTAL or AGGREGATE anywhere, as Excel checks. */
function callsSubtotal(ast: AstNode): boolean {
  let known = calls.get(ast)
  if (known === undefined) {
    const children = [ast.left, ast.right, ast.value, ast.expression, ...(ast.args ?? []).flat()]
    known =
      (ast.type === 'FUNCTION_CALL' && NESTED.has(ast.procedureName ?? '')) ||
      children.some((c) => isAst(c) && callsSubtotal(c))
    calls.set(ast, known)
  }
  return known
}

/** What AGGREGATE's option (0–7) leaves out; SUBTOTAL always leaves out nested subtotals. */
interface Skips {
  nested: boolean
  errors: boolean
}

/**
 * What an error value (or, typed as an argument, text) does: COUNT (2) passes over it, COUNTA
 * (3) counts it, every other function fails with it, unless the option skips errors.
 */
type OnError = 'skip' | 'count' | 'fail'

function onError(fn: number, skips: Skips): OnError {
  if (skips.errors || fn === 2) return 'skip'
  return fn === 3 ? 'count' : 'fail'
}

const OPTIONS: readonly Skips[] = [
  { nested: true, errors: false },
  { nested: true, errors: false },
  { nested: true, errors: true },
  { nested: true, errors: true },
  { nested: false, errors: false },
  { nested: false, errors: false },
  { nested: false, errors: true },
  { nested: false, errors: true },
]

export class SubtotalPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SUBTOTAL: {
      method: 'subtotal',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.ANY },
      ],
      repeatLastArgs: 1,
      isVolatile: true,
    },
    AGGREGATE: {
      method: 'aggregate',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.ANY },
      ],
      repeatLastArgs: 1,
      enableArrayArithmeticForArguments: true,
      isVolatile: true,
    },
  }

  /** SUBTOTAL(function_num, ref1, …): 1–11 or 101–111, nested subtotals left out. */
  subtotal(ast: Call, state: State): unknown {
    const args = ast.args as AstNode[]
    if (args.length < 2) return naError('SUBTOTAL needs a function number and a range.')
    const fn = this.integerArg(args[0] as AstNode, state)
    if (fn instanceof CellError) return fn
    const base = fn > 100 ? fn - 100 : fn
    if (base < 1 || base > 11) return valueError('SUBTOTAL has functions 1-11 and 101-111.')
    const skips = { nested: true, errors: false }
    const hidden: HiddenSkip = fn > 100 ? 'all' : 'filtered'
    const kept = this.keep(args.slice(1), state, skips.nested, onError(base, skips), hidden)
    return kept instanceof CellError ? kept : aggregate(base, kept)
  }

  /**
   * AGGREGATE(function_num, options, ref1, …) for functions 1–13, and
   * AGGREGATE(function_num, options, array, k) for 14–19 (LARGE, SMALL, PERCENTILE.INC,
   * QUARTILE.INC, PERCENTILE.EXC, QUARTILE.EXC), whose array may be computed
   * (`AGGREGATE(15,6,A1:A9/(B1:B9="x"),1)`, errors left out by option 6).
   */
  aggregate(ast: Call, state: State): unknown {
    const args = ast.args as AstNode[]
    if (args.length < 3) return naError('AGGREGATE needs a function, options and a range.')
    const fn = this.integerArg(args[0] as AstNode, state)
    if (fn instanceof CellError) return fn
    if (fn < 1 || fn > 19) return valueError('AGGREGATE has functions 1-19.')
    const option =
      (args[1] as AstNode).type === 'EMPTY' ? 0 : this.integerArg(args[1] as AstNode, state)
    if (option instanceof CellError) return option
    const skips = OPTIONS[option]
    if (!skips) return valueError('AGGREGATE has options 0-7.')
    const hidden: HiddenSkip = option % 2 === 1 ? 'all' : 'none'
    if (!takesK(fn)) {
      const kept = this.keep(args.slice(2), state, skips.nested, onError(fn, skips), hidden)
      return kept instanceof CellError ? kept : aggregate(fn, kept)
    }
    if (args.length !== 4) return valueError('This AGGREGATE function needs an array and k.')
    const k = this.toNumber(this.scalar(args[3] as AstNode, state))
    if (k instanceof CellError) return k
    const kept = this.keep([args[2] as AstNode], state, skips.nested, onError(fn, skips), hidden)
    return kept instanceof CellError ? kept : aggregate(fn, kept, k)
  }

  private scalar(arg: AstNode, state: State): unknown {
    const v = this.evaluateAst(arg as never, state as never)
    return v instanceof SimpleRangeValue ? valueError('A single value is needed.') : v
  }

  private integerArg(arg: AstNode, state: State): number | CellError {
    const n = this.toNumber(this.scalar(arg, state))
    return n instanceof CellError ? n : Math.trunc(n)
  }

  /**
   * The values of the arguments: numbers, and the count of non-empty cells; cells that call
   * SUBTOTAL/AGGREGATE left out when `nested`. Text and booleans in ranges are not numbers
   * (as SUM reads them); typed as an argument, a value must read as a number. The first error
   * `onError` fails on is the result.
   */
  private keep(
    args: readonly AstNode[],
    state: State,
    nested: boolean,
    errors: OnError,
    hidden: HiddenSkip,
  ): Kept | CellError {
    const kept: Kept = { numbers: [], nonEmpty: 0 }
    const hiding = hidden === 'none' ? undefined : hidings.get(this.dependencyGraph)
    const skipRow = (sheet: number, row: number): boolean =>
      hiding !== undefined && skipsRow(hidden, hiding(sheet, row))
    for (const arg of args) {
      const v = this.evaluateAst(arg as never, state as never)
      let error: CellError | undefined
      if (v instanceof SimpleRangeValue) {
        error = this.keepRange(v, kept, nested, errors, skipRow)
      } else if (arg.type === 'CELL_REFERENCE' && arg.reference) {
        const address = arg.reference.toSimpleCellAddress(state.formulaAddress)
        const skipped = (nested && this.isNested(address)) || skipRow(address.sheet, address.row)
        if (!skipped) error = keepValue(v, kept, errors)
      } else if (!isEmpty(v)) {
        error = keepValue(this.toNumber(v), kept, errors)
      }
      if (error) return error
    }
    return kept
  }

  private keepRange(
    range: SimpleRangeValue,
    kept: Kept,
    nested: boolean,
    errors: OnError,
    skipRow: (sheet: number, row: number) => boolean,
  ): CellError | undefined {
    const start = range.range?.start
    const data = range.data
    for (let r = 0; r < data.length; r++) {
      if (start && skipRow(start.sheet, start.row + r)) continue
      const line = data[r] as unknown[]
      for (let c = 0; c < line.length; c++) {
        if (start && nested) {
          const address = { sheet: start.sheet, row: start.row + r, col: start.col + c }
          if (this.isNested(address)) continue
        }
        const error = keepValue(line[c], kept, errors)
        if (error) return error
      }
    }
    return undefined
  }

  /** True for a cell whose formula calls SUBTOTAL or AGGREGATE (Excel leaves those out). */
  private isNested(address: SimpleCellAddress): boolean {
    const vertex = this.dependencyGraph.getCell(address) as FormulaHolder | undefined
    if (typeof vertex?.getFormula !== 'function') return false
    const ast = vertex.getFormula(this.dependencyGraph.lazilyTransformingAstService)
    return isAst(ast) && callsSubtotal(ast)
  }
}

/** One value into `kept`; returns the error when `errors` fails on it. */
function keepValue(v: unknown, kept: Kept, errors: OnError): CellError | undefined {
  if (v instanceof CellError) {
    if (errors === 'fail') return v
    if (errors === 'count') kept.nonEmpty++
    return undefined
  }
  if (isEmpty(v)) return undefined
  kept.nonEmpty++
  const n = numberOf(v)
  if (n !== undefined) kept.numbers.push(n)
  return undefined
}
