import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import {
  ExcelFunctionPlugin,
  isRegisteredFunction,
  numberOf,
  rowsOf,
  valueError,
} from './excelFunctionPlugin.js'
import { scope, setBoundCall, withScope, type Bindings } from './interpreterPatches.js'
import { literalOf, type LiteralAst } from './literalSpill.js'
import { measureUnknownSizes, UNKNOWN_SIZE } from './measuredSpill.js'

/**
 * LET, LAMBDA and the functions that call a LAMBDA (MAP, REDUCE, SCAN, BYROW, BYCOL,
 * MAKEARRAY, ISOMITTED). HyperFormula's parser reads a LET name or a LAMBDA parameter as a
 * defined name; these functions evaluate their own arguments and bind the names in a scope
 * the interpreter consults first (`interpreterPatches.ts`). A LAMBDA called inline,
 * `LAMBDA(x,x+1)(2)`, is rewritten to `LET(x,2,x+1)` before HyperFormula sees it
 * (`lambdaCalls.ts`). A spill's size is known before evaluation only where it follows from
 * the syntax (see CONFORMANCE.md).
 */

interface Ast {
  type: string
  expressionName?: string
  procedureName?: string
  args?: Ast[]
  value?: unknown
  expression?: Ast
}

interface ProcedureAst {
  args: Ast[]
}

/** A LAMBDA as a value: its parameters, its body and the scope it was written in. */
class Closure {
  constructor(
    readonly params: readonly string[],
    readonly body: Ast,
    readonly scope: Bindings | undefined,
  ) {}
}

/**
 * A function given by its name where a LAMBDA is wanted (`BYROW(A1:C3,SUM)`, Excel's
 * eta-reduced LAMBDA): called with as many arguments as the caller passes.
 */
class FunctionByName {
  constructor(readonly name: string) {}

  /** The LAMBDA it stands for, with `arity` parameters. */
  closure(arity: number): Closure {
    const params = Array.from({ length: arity }, (_, i) => `_ETA${i + 1}`)
    const body: Ast = {
      type: 'FUNCTION_CALL',
      procedureName: this.name,
      args: params.map((p) => ({ type: 'NAMED_EXPRESSION', expressionName: p })),
    }
    return new Closure(params, body, undefined)
  }
}

/** The function a bare name given as a LAMBDA means (`SUM`), if the engine computes one. */
function functionByName(ast: Ast): FunctionByName | undefined {
  const a = unwrap(ast)
  const name = a.type === 'NAMED_EXPRESSION' ? a.expressionName?.toUpperCase() : undefined
  if (!name || name === 'LAMBDA' || name === 'LET' || !isRegisteredFunction(name)) return undefined
  return new FunctionByName(name)
}

/** A parameter a call left out (`ISOMITTED`); reads as a blank. */
const OMITTED = Symbol('omitted')

const calcError = (message: string): CellError => new CellError(ErrorType.VALUE, message)

function unwrap(ast: Ast): Ast {
  let a = ast
  while (a.type === 'PARENTHESES' && a.expression) a = a.expression
  return a
}

/** The name a LET or LAMBDA argument declares, upper-cased; undefined if it is not a name. */
function declaredName(ast: Ast | undefined): string | undefined {
  return ast?.type === 'NAMED_EXPRESSION' ? ast.expressionName?.toUpperCase() : undefined
}

function bind(names: readonly string[], values: readonly unknown[], outer?: Bindings): Bindings {
  return { values: new Map(names.map((n, i) => [n, values[i]])), outer }
}

/** `ast` with every use of a name replaced by the expression bound to it (for spill sizes). */
function substitute(ast: Ast, names: ReadonlyMap<string, Ast>): Ast {
  if (ast.type === 'NAMED_EXPRESSION') {
    return names.get(ast.expressionName?.toUpperCase() ?? '') ?? ast
  }
  const copy: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(ast)) {
    if (Array.isArray(v)) {
      copy[key] = v.map((x: unknown) =>
        Array.isArray(x)
          ? x.map((y: Ast) => substitute(y, names))
          : isAst(x)
            ? substitute(x, names)
            : x,
      )
    } else copy[key] = isAst(v) ? substitute(v, names) : v
  }
  return copy as unknown as Ast
}

/** Syntax nodes are plain objects; addresses inside them are class instances, kept as they are. */
function isAst(v: unknown): v is Ast {
  return (
    typeof v === 'object' &&
    v !== null &&
    Object.getPrototypeOf(v) === Object.prototype &&
    typeof (v as Ast).type === 'string'
  )
}

/** A predicted size as a spill: a range's size is marked as a reference, which never spills. */
function spill(size: ArraySize): ArraySize {
  return new ArraySize(size.width, size.height)
}

const ANY = { argumentType: FunctionArgumentType.ANY }
const lambdaFunction = (method: string, sizeMethod?: string) => ({
  method,
  parameters: [ANY],
  repeatLastArgs: 1,
  vectorizationForbidden: true,
  ...(sizeMethod ? { sizeOfResultArrayMethod: sizeMethod } : {}),
})

export class LetLambdaPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    LET: lambdaFunction('let', 'letSize'),
    LAMBDA: lambdaFunction('lambda'),
    MAP: lambdaFunction('map', 'mapSize'),
    REDUCE: lambdaFunction('reduce'),
    SCAN: lambdaFunction('scan', 'scanSize'),
    BYROW: lambdaFunction('byrow', 'byrowSize'),
    BYCOL: lambdaFunction('bycol', 'bycolSize'),
    MAKEARRAY: lambdaFunction('makearray', 'makearraySize'),
    ISOMITTED: {
      method: 'isomitted',
      parameters: [ANY],
      doesNotNeedArgumentsToBeComputed: true,
      vectorizationForbidden: true,
    },
  }

  constructor(interpreter: never) {
    super(interpreter)
    setBoundCall(interpreter as object, (callee, args, state) =>
      callee instanceof Closure
        ? this.invoke(
            callee,
            args.map((a) => this.argument(a, state)),
            state,
          )
        : valueError(`A value that is not a LAMBDA was called.`),
    )
  }

  /** An argument's value; a LAMBDA written in place is a closure, not evaluated. */
  private argument(ast: Ast, state: unknown): unknown {
    const a = unwrap(ast)
    if (a.type === 'EMPTY') return OMITTED
    if (a.type === 'FUNCTION_CALL' && a.procedureName === 'LAMBDA') return this.closure(a)
    return this.evaluateAst(a as never, state as never)
  }

  private closure(ast: Ast): Closure | CellError {
    const args = ast.args ?? []
    const params = args.slice(0, -1).map(declaredName)
    const body = args.at(-1)
    if (!body || params.some((p) => p === undefined)) {
      return valueError('LAMBDA takes parameter names, then a calculation.')
    }
    return new Closure(params as string[], body, scope())
  }

  /** Calls a closure with argument values (fewer than its parameters: the rest omitted). */
  protected invoke(
    callee: Closure | FunctionByName,
    values: readonly unknown[],
    state: unknown,
  ): unknown {
    const closure = callee instanceof FunctionByName ? callee.closure(values.length) : callee
    if (values.length > closure.params.length) {
      return valueError('The LAMBDA was called with too many arguments.')
    }
    const bound = closure.params.map((_, i) => {
      const v = values[i]
      return v === undefined || v === OMITTED ? EmptyValue : v
    })
    const omitted = closure.params.filter(
      (_, i) => values[i] === undefined || values[i] === OMITTED,
    )
    const result = withScope(bind(closure.params, bound, closure.scope), () =>
      withOmitted(omitted, () => this.evaluateAst(closure.body as never, state as never)),
    )
    return result instanceof Closure ? calcError('A LAMBDA must be called.') : result
  }

  /** True when `fn` is the bare name of the function `name` (`PERCENTOF`), not a LAMBDA. */
  protected isFunctionNamed(fn: Closure | FunctionByName, name: string): boolean {
    return fn instanceof FunctionByName && fn.name === name
  }

  /**
   * An optional `filter_array` (GROUPBY's and PIVOTBY's): undefined when left out, else per
   * row whether its first value keeps the row (not empty, FALSE, 0 or an error), or its error.
   */
  protected optionalRowFilter(
    ast: LiteralAst | undefined,
    state: unknown,
  ): boolean[] | undefined | CellError {
    if (!ast || ast.type === 'EMPTY') return undefined
    const v = this.evaluateAst(ast as never, state as never)
    if (v instanceof CellError) return v
    return rowsOf(v).map((row) => {
      const x = row[0]
      return x !== null && x !== EmptyValue && x !== false && x !== 0 && !(x instanceof CellError)
    })
  }

  /**
   * An optional whole-number argument (GROUPBY's and PIVOTBY's flags and depths): undefined
   * when left out, else its number truncated toward zero, or its error.
   */
  protected optionalInteger(
    ast: LiteralAst | undefined,
    state: unknown,
  ): number | undefined | CellError {
    if (!ast || ast.type === 'EMPTY') return undefined
    const v = this.evaluateAst(ast as never, state as never)
    if (v instanceof CellError) return v
    const n = this.toNumber(v)
    return n instanceof CellError ? n : Math.trunc(n)
  }

  /**
   * The LAMBDA an argument holds: written in place, a name bound to one, or a function's bare
   * name (`SUM`) when no LET or LAMBDA binds that name.
   */
  protected lambdaArgument(
    ast: Ast | undefined,
    state: unknown,
  ): Closure | FunctionByName | CellError {
    if (!ast) return valueError('A LAMBDA is missing.')
    const v = this.argument(ast, state)
    if (v instanceof Closure) return v
    const byName = functionByName(ast)
    if (byName && v instanceof CellError && v.type === ErrorType.NAME) return byName
    if (v instanceof CellError) return v
    return valueError('The last argument must be a LAMBDA.')
  }

  let(ast: ProcedureAst, state: unknown): unknown {
    const args = ast.args
    if (args.length < 3 || args.length % 2 === 0) {
      return valueError('LET takes name, value pairs, then a calculation.')
    }
    let bindings = scope()
    const omitted = [...omittedNames]
    for (let i = 0; i + 1 < args.length; i += 2) {
      const name = declaredName(args[i])
      if (name === undefined) return valueError('LET names must be names.')
      const value = withScope(bindings, () => this.argument(args[i + 1] as Ast, state))
      // An inline LAMBDA call that left an argument out (`lambdaCalls.ts`).
      if (value === OMITTED) omitted.push(name)
      bindings = bind([name], [value === OMITTED ? EmptyValue : value], bindings)
    }
    const result = withScope(bindings, () =>
      withOmitted(omitted, () => this.evaluateAst(args.at(-1) as never, state as never)),
    )
    return result instanceof Closure ? calcError('A LAMBDA must be called.') : result
  }

  letSize(ast: ProcedureAst, state: unknown): ArraySize {
    const names = new Map<string, Ast>()
    const args = ast.args
    for (let i = 0; i + 1 < args.length; i += 2) {
      const name = declaredName(args[i])
      if (name !== undefined) names.set(name, substitute(args[i + 1] as Ast, names))
    }
    const body = args.at(-1)
    return body
      ? spill(this.arraySizeForAst(substitute(body, names) as never, state as never))
      : ArraySize.error()
  }

  lambda(): unknown {
    return calcError('A LAMBDA must be called: LAMBDA(x,x+1)(2), or given to MAP, REDUCE, …')
  }

  isomitted(ast: ProcedureAst): unknown {
    const name = declaredName(ast.args[0])
    return name !== undefined && omittedNames.has(name)
  }

  map(ast: ProcedureAst, state: unknown): unknown {
    const fn = this.lambdaArgument(ast.args.at(-1), state)
    if (fn instanceof CellError) return fn
    const arrays = ast.args
      .slice(0, -1)
      .map((a) => rowsOf(this.evaluateAst(a as never, state as never)))
    const first = arrays[0]
    if (!first) return valueError('MAP needs an array.')
    const out = first.map((row, r) =>
      row.map((_, c) =>
        this.invoke(
          fn,
          arrays.map((a) => a[r]?.[c] ?? new CellError(ErrorType.NA)),
          state,
        ),
      ),
    )
    return resultOf(out)
  }

  mapSize(ast: ProcedureAst, state: unknown): ArraySize {
    const first = ast.args[0]
    return first ? spill(this.arraySizeForAst(first as never, state as never)) : ArraySize.error()
  }

  reduce(ast: ProcedureAst, state: unknown): unknown {
    const [init, array, lambda] = ast.args
    const fn = this.lambdaArgument(lambda, state)
    if (fn instanceof CellError) return fn
    let acc = init ? this.argument(init, state) : EmptyValue
    for (const v of rowsOf(this.evaluateAst(array as never, state as never)).flat()) {
      acc = this.invoke(fn, [acc, v], state)
    }
    return acc
  }

  scan(ast: ProcedureAst, state: unknown): unknown {
    const [init, array, lambda] = ast.args
    const fn = this.lambdaArgument(lambda, state)
    if (fn instanceof CellError) return fn
    let acc = init ? this.argument(init, state) : EmptyValue
    const out = rowsOf(this.evaluateAst(array as never, state as never)).map((row) =>
      row.map((v) => (acc = this.invoke(fn, [acc, v], state))),
    )
    return resultOf(out)
  }

  scanSize(ast: ProcedureAst, state: unknown): ArraySize {
    const array = ast.args[1]
    return array ? spill(this.arraySizeForAst(array as never, state as never)) : ArraySize.error()
  }

  byrow(ast: ProcedureAst, state: unknown): unknown {
    const fn = this.lambdaArgument(ast.args[1], state)
    if (fn instanceof CellError) return fn
    const rows = rowsOf(this.evaluateAst(ast.args[0] as never, state as never))
    return resultOf(rows.map((row) => [this.scalar(this.invoke(fn, [asRange([row])], state))]))
  }

  byrowSize(ast: ProcedureAst, state: unknown): ArraySize {
    const size = this.arraySizeForAst(ast.args[0] as never, state as never)
    return new ArraySize(1, size.height)
  }

  bycol(ast: ProcedureAst, state: unknown): unknown {
    const fn = this.lambdaArgument(ast.args[1], state)
    if (fn instanceof CellError) return fn
    const rows = rowsOf(this.evaluateAst(ast.args[0] as never, state as never))
    const width = rows[0]?.length ?? 0
    const cols = Array.from({ length: width }, (_, c) => rows.map((row) => [row[c]]))
    return resultOf([cols.map((col) => this.scalar(this.invoke(fn, [asRange(col)], state)))])
  }

  bycolSize(ast: ProcedureAst, state: unknown): ArraySize {
    const size = this.arraySizeForAst(ast.args[0] as never, state as never)
    return new ArraySize(size.width, 1)
  }

  makearray(ast: ProcedureAst, state: unknown): unknown {
    const [rowsAst, colsAst, lambda] = ast.args
    const fn = this.lambdaArgument(lambda, state)
    if (fn instanceof CellError) return fn
    const rows = this.toNumber(this.evaluateAst(rowsAst as never, state as never))
    const cols = this.toNumber(this.evaluateAst(colsAst as never, state as never))
    if (rows instanceof CellError) return rows
    if (cols instanceof CellError) return cols
    if (rows < 1 || cols < 1) return valueError('MAKEARRAY needs at least one row and column.')
    const out = Array.from({ length: Math.trunc(rows) }, (_, r) =>
      Array.from({ length: Math.trunc(cols) }, (_, c) =>
        this.scalar(this.invoke(fn, [r + 1, c + 1], state)),
      ),
    )
    return resultOf(out)
  }

  makearraySize(ast: ProcedureAst): ArraySize {
    // Counts from cells: the size is measured (`measureUnknownSizes`).
    return makearrayLiteralSize(ast) ?? UNKNOWN_SIZE
  }

  /** One cell of a result: a 1×1 array is its value, a bigger one is #CALC! as in Excel. */
  protected scalar(v: unknown): unknown {
    if (!(v instanceof SimpleRangeValue)) return v
    return v.width() === 1 && v.height() === 1 ? v.data[0]?.[0] : calcError('Nested arrays.')
  }
}

/** MAKEARRAY's size when its row and column counts are literals. */
function makearrayLiteralSize(ast: ProcedureAst): ArraySize | undefined {
  const rows = numberOf(literalOf(ast.args[0] as LiteralAst))
  const cols = numberOf(literalOf(ast.args[1] as LiteralAst))
  if (rows === undefined || cols === undefined || rows < 1 || cols < 1) return undefined
  return new ArraySize(Math.trunc(cols), Math.trunc(rows))
}

function asRange(rows: unknown[][]): SimpleRangeValue {
  return SimpleRangeValue.onlyValues(rows as never)
}

function resultOf(rows: unknown[][]): unknown {
  if (rows.length === 1 && rows[0]?.length === 1) return rows[0][0]
  return asRange(
    rows.map((row) =>
      row.map((v) => (v instanceof Closure ? calcError('A LAMBDA must be called.') : v)),
    ),
  )
}

/** Parameters the innermost LAMBDA call left out, for ISOMITTED. */
let omittedNames: ReadonlySet<string> = new Set()

function withOmitted<T>(names: readonly string[], fn: () => T): T {
  const saved = omittedNames
  omittedNames = new Set(names)
  try {
    return fn()
  } finally {
    omittedNames = saved
  }
}

// MAKEARRAY's size when its counts come from cells is measured.
measureUnknownSizes(LetLambdaPlugin, ['MAKEARRAY'])
