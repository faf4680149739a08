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
  numberOf,
  rowsOf,
  valueError,
  type Call,
} from './excelFunctionPlugin.js'
import { literalOf, type LiteralAst } from './literalSpill.js'
import { measureUnknownSizes, UNKNOWN_SIZE } from './measuredSpill.js'

/**
 * Excel 365's array reshaping: TAKE, DROP, CHOOSEROWS, CHOOSECOLS, TOROW, TOCOL, WRAPROWS,
 * WRAPCOLS, EXPAND, SORTBY, and RANDARRAY. HyperFormula sizes a spill when it parses a formula, so each
 * function predicts its size from the syntax: the array argument's size (a range's is known)
 * and its counts when typed as numbers. When a count comes from a cell the size is unknown
 * then: inside another function the result is right, as a formula's own spill it is #VALUE!
 * (see CONFORMANCE.md).
 */

type Rows = unknown[][]
type Ast = LiteralAst & { args: LiteralAst[] }

const calc = (message: string): CellError => new CellError(ErrorType.VALUE, message)

function transpose(rows: Rows): Rows {
  const width = rows[0]?.length ?? 0
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c]))
}

/** First `n` (negative: last `-n`) of `items`; all of them when `n` exceeds their number. */
function take<T>(items: readonly T[], n: number): T[] {
  return n >= 0 ? items.slice(0, n) : items.slice(Math.max(0, items.length + n))
}

function drop<T>(items: readonly T[], n: number): T[] {
  return n >= 0 ? items.slice(n) : items.slice(0, Math.max(0, items.length + n))
}

/** Items at 1-based `indexes` (negative: from the end); undefined if one is out of range. */
function pick<T>(items: readonly T[], indexes: readonly number[]): T[] | undefined {
  const out: T[] = []
  for (const i of indexes) {
    const at = i > 0 ? i - 1 : items.length + i
    if (i === 0 || at < 0 || at >= items.length) return undefined
    out.push(items[at] as T)
  }
  return out
}

function flatten(rows: Rows, ignore: number, byColumn: boolean): unknown[] {
  const cells = (byColumn ? transpose(rows) : rows).flat()
  return cells.filter((v) => {
    if ((ignore === 1 || ignore === 3) && (v === EmptyValue || v === null)) return false
    if ((ignore === 2 || ignore === 3) && v instanceof CellError) return false
    return true
  })
}

function wrap(items: readonly unknown[], count: number, pad: unknown): Rows {
  const out: Rows = []
  for (let i = 0; i < items.length; i += count) {
    const line = items.slice(i, i + count)
    while (line.length < count) line.push(pad)
    out.push(line)
  }
  return out
}

/** A number typed in the formula; undefined when absent or not literal; null when omitted. */
function literalNumber(ast: LiteralAst | undefined): number | null | undefined {
  if (ast === undefined) return null
  const v = literalOf(ast)
  if (v === null) return null
  const n = numberOf(v)
  return n === undefined ? undefined : Math.trunc(n)
}

const ANY = { argumentType: FunctionArgumentType.ANY }
const shape = (method: string) => ({
  method,
  sizeOfResultArrayMethod: `${method}Size`,
  vectorizationForbidden: true,
  parameters: [ANY],
  repeatLastArgs: 1,
})

export class ArrayShapePlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TAKE: shape('take'),
    DROP: shape('drop'),
    CHOOSEROWS: shape('chooserows'),
    CHOOSECOLS: shape('choosecols'),
    TOROW: shape('torow'),
    TOCOL: shape('tocol'),
    WRAPROWS: shape('wraprows'),
    WRAPCOLS: shape('wrapcols'),
    EXPAND: shape('expand'),
    SORTBY: shape('sortby'),
    RANDARRAY: { ...shape('randarray'), isVolatile: true },
  }

  /** The array argument's size as a spill (a range's size is marked as a reference). */
  private sizeOfArg(ast: Ast, state: unknown, i = 0): ArraySize | undefined {
    const arg = ast.args[i]
    if (!arg) return undefined
    const size = this.arraySizeForAst(arg as never, state as never)
    return new ArraySize(size.width, size.height)
  }

  private value(ast: Ast, state: unknown, i: number): unknown {
    const arg = ast.args[i]
    if (!arg || arg.type === 'EMPTY') return null
    return this.evaluateAst(arg as never, state as never)
  }

  private count(ast: Ast, state: unknown, i: number): number | null | CellError {
    const v = this.value(ast, state, i)
    if (v === null || v === EmptyValue) return null
    const n = this.toNumber(v)
    return n instanceof CellError ? n : Math.trunc(n)
  }

  /**
   * The result. Its spill's size is predicted from the syntax where it can be (`TAKE(A1:C9,2)`),
   * else measured (`measureUnknownSizes`, at the end of this file).
   */
  private result(rows: Rows): unknown {
    if (rows.length === 0 || (rows[0]?.length ?? 0) === 0) return calc('The result is empty.')
    if (rows.length === 1 && rows[0]?.length === 1) return rows[0][0]
    return SimpleRangeValue.onlyValues(rows as never)
  }

  private run(ast: Call, state: unknown, fn: (rows: Rows, a: Ast) => Rows | CellError): unknown {
    const a = ast as unknown as Ast
    const source = this.value(a, state, 0)
    if (source instanceof CellError) return source
    const out = fn(rowsOf(source), a)
    if (out instanceof CellError) return out
    return this.result(out)
  }

  take(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => this.takeOrDrop(rows, a, state, take))
  }

  drop(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => this.takeOrDrop(rows, a, state, drop))
  }

  private takeOrDrop(
    rows: Rows,
    a: Ast,
    state: unknown,
    op: <T>(items: readonly T[], n: number) => T[],
  ): Rows | CellError {
    const r = this.count(a, state, 1)
    const c = this.count(a, state, 2)
    if (r instanceof CellError) return r
    if (c instanceof CellError) return c
    if (r === 0 || c === 0) return calc('TAKE and DROP need a count other than 0.')
    const kept = r === null ? rows : op(rows, r)
    return c === null ? kept : kept.map((line) => op(line, c))
  }

  takeSize(a: Ast, state: unknown): ArraySize {
    return this.countSize(a, state, (n, len) => Math.min(Math.abs(n), len))
  }

  dropSize(a: Ast, state: unknown): ArraySize {
    return this.countSize(a, state, (n, len) => Math.max(0, len - Math.abs(n)))
  }

  private countSize(a: Ast, state: unknown, f: (n: number, len: number) => number): ArraySize {
    const size = this.sizeOfArg(a, state)
    const r = literalNumber(a.args[1])
    const c = literalNumber(a.args[2])
    if (!size || r === undefined || c === undefined) return UNKNOWN_SIZE
    const height = r === null ? size.height : f(r, size.height)
    const width = c === null ? size.width : f(c, size.width)
    return height > 0 && width > 0 ? new ArraySize(width, height) : UNKNOWN_SIZE
  }

  chooserows(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => this.choose(rows, a, state))
  }

  choosecols(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => {
      const out = this.choose(transpose(rows), a, state)
      return out instanceof CellError ? out : transpose(out)
    })
  }

  private choose(rows: Rows, a: Ast, state: unknown): Rows | CellError {
    const indexes: number[] = []
    for (let i = 1; i < a.args.length; i++) {
      const v = this.value(a, state, i)
      for (const n of rowsOf(v).flat()) {
        const k = this.toNumber(n)
        if (k instanceof CellError) return k
        indexes.push(Math.trunc(k))
      }
    }
    if (indexes.length === 0) return valueError('No row or column chosen.')
    return pick(rows, indexes) ?? valueError('A chosen row or column is outside the array.')
  }

  chooserowsSize(a: Ast, state: unknown): ArraySize {
    const size = this.sizeOfArg(a, state)
    const n = a.args.slice(1).every((x) => typeof literalOf(x as LiteralAst) === 'number')
    return size && n && a.args.length > 1
      ? new ArraySize(size.width, a.args.length - 1)
      : UNKNOWN_SIZE
  }

  choosecolsSize(a: Ast, state: unknown): ArraySize {
    const size = this.sizeOfArg(a, state)
    const n = a.args.slice(1).every((x) => typeof literalOf(x as LiteralAst) === 'number')
    return size && n && a.args.length > 1
      ? new ArraySize(a.args.length - 1, size.height)
      : UNKNOWN_SIZE
  }

  torow(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => this.flat(rows, a, state, true))
  }

  tocol(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => this.flat(rows, a, state, false))
  }

  private flat(rows: Rows, a: Ast, state: unknown, asRow: boolean): Rows | CellError {
    const ignore = this.count(a, state, 1) ?? 0
    if (ignore instanceof CellError) return ignore
    const byColumn = this.value(a, state, 2)
    const cells = flatten(rows, ignore, byColumn === true || numberOf(byColumn) === 1)
    return asRow ? [cells] : cells.map((v) => [v])
  }

  private flatCount(a: Ast, state: unknown): number | undefined {
    const size = this.sizeOfArg(a, state)
    const ignore = literalNumber(a.args[1])
    if (!size || !(ignore === null || ignore === 0)) return undefined
    return size.width * size.height
  }

  torowSize(a: Ast, state: unknown): ArraySize {
    const n = this.flatCount(a, state)
    return n ? new ArraySize(n, 1) : UNKNOWN_SIZE
  }

  tocolSize(a: Ast, state: unknown): ArraySize {
    const n = this.flatCount(a, state)
    return n ? new ArraySize(1, n) : UNKNOWN_SIZE
  }

  wraprows(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => this.wrapped(rows, a, state, false))
  }

  wrapcols(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => this.wrapped(rows, a, state, true))
  }

  private wrapped(rows: Rows, a: Ast, state: unknown, columns: boolean): Rows | CellError {
    if (rows.length > 1 && (rows[0]?.length ?? 0) > 1)
      return valueError('WRAP needs a row or a column.')
    const count = this.count(a, state, 1)
    if (count instanceof CellError) return count
    if (count === null || count < 1)
      return new CellError(ErrorType.NUM, 'The wrap count must be at least 1.')
    const pad = a.args[2] ? this.value(a, state, 2) : new CellError(ErrorType.NA)
    const out = wrap(rows.flat(), count, pad)
    return columns ? transpose(out) : out
  }

  private wrapShape(a: Ast, state: unknown): [number, number] | undefined {
    const size = this.sizeOfArg(a, state)
    const count = literalNumber(a.args[1])
    if (!size || count === null || count === undefined || count < 1) return undefined
    const n = size.width * size.height
    return [count, Math.ceil(n / count)]
  }

  wraprowsSize(a: Ast, state: unknown): ArraySize {
    const s = this.wrapShape(a, state)
    return s ? new ArraySize(s[0], s[1]) : UNKNOWN_SIZE
  }

  wrapcolsSize(a: Ast, state: unknown): ArraySize {
    const s = this.wrapShape(a, state)
    return s ? new ArraySize(s[1], s[0]) : UNKNOWN_SIZE
  }

  expand(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => {
      const r = this.count(a, state, 1)
      const c = this.count(a, state, 2)
      if (r instanceof CellError) return r
      if (c instanceof CellError) return c
      const height = r ?? rows.length
      const width = c ?? rows[0]?.length ?? 0
      if (height < rows.length || width < (rows[0]?.length ?? 0)) {
        return valueError('EXPAND cannot make an array smaller.')
      }
      const pad = a.args[3] ? this.value(a, state, 3) : new CellError(ErrorType.NA)
      return Array.from({ length: height }, (_, i) =>
        Array.from(
          { length: width },
          (_, j) => (i < rows.length ? rows[i]?.[j] : undefined) ?? pad,
        ),
      )
    })
  }

  expandSize(a: Ast, state: unknown): ArraySize {
    const size = this.sizeOfArg(a, state)
    const r = literalNumber(a.args[1])
    const c = literalNumber(a.args[2])
    if (!size || r === undefined || c === undefined) return UNKNOWN_SIZE
    return new ArraySize(c ?? size.width, r ?? size.height)
  }

  /** SORTBY(array, by_array1, [order1], …): rows (or columns) ordered by the keys, stably. */
  sortby(ast: Call, state: unknown): unknown {
    return this.run(ast, state, (rows, a) => {
      const keys: { values: unknown[]; order: number }[] = []
      for (let i = 1; i < a.args.length; i += 2) {
        const by = rowsOf(this.value(a, state, i))
        const order = this.count(a, state, i + 1) ?? 1
        if (order instanceof CellError) return order
        if (order !== 1 && order !== -1) return valueError('The sort order is 1 or -1.')
        const byRows = by.length === rows.length && (by[0]?.length ?? 0) === 1
        const byCols = by.length === 1 && (by[0]?.length ?? 0) === (rows[0]?.length ?? 0)
        if (!byRows && !byCols) return valueError('A by_array must match the array.')
        keys.push({ values: byRows ? by.map((r) => r[0]) : (by[0] as unknown[]), order })
      }
      if (keys.length === 0) return valueError('SORTBY needs a by_array.')
      const byColumns = keys[0] !== undefined && keys[0].values.length !== rows.length
      const lines = byColumns ? transpose(rows) : rows
      const order = lines.map((_, i) => i)
      order.sort((x, y) => {
        for (const k of keys) {
          const d = compareValues(k.values[x], k.values[y])
          if (d !== 0) return d * k.order
        }
        return x - y
      })
      const sorted = order.map((i) => lines[i] as unknown[])
      return byColumns ? transpose(sorted) : sorted
    })
  }

  /** RANDARRAY([rows], [columns], [min], [max], [integer]): volatile random numbers. */
  randarray(ast: Call, state: unknown): unknown {
    const a = ast as unknown as Ast
    const args: number[] = []
    for (const [i, fallback] of [1, 1, 0, 1].entries()) {
      const n = this.value(a, state, i)
      if (n === null || n === EmptyValue) {
        args.push(fallback)
        continue
      }
      const v = this.toNumber(n)
      if (v instanceof CellError) return v
      args.push(v)
    }
    const integer = this.value(a, state, 4)
    const whole = integer === true || (numberOf(integer) ?? 0) !== 0
    const [rows, cols, min, max] = args.map((v, i) => (i < 2 ? Math.trunc(v) : v)) as number[]
    if (!(rows! >= 1 && cols! >= 1) || max! < min!)
      return valueError('RANDARRAY: bad size or range.')
    if (whole && (!Number.isInteger(min) || !Number.isInteger(max))) {
      return valueError('RANDARRAY: integer bounds must be whole numbers.')
    }
    const draw = (): number =>
      whole
        ? Math.floor(Math.random() * (max! - min! + 1)) + min!
        : min! + Math.random() * (max! - min!)
    return this.result(Array.from({ length: rows! }, () => Array.from({ length: cols! }, draw)))
  }

  randarraySize(a: Ast): ArraySize {
    const rows = literalNumber(a.args[0])
    const cols = literalNumber(a.args[1])
    if (rows === undefined || cols === undefined) return UNKNOWN_SIZE
    return new ArraySize(Math.max(1, cols ?? 1), Math.max(1, rows ?? 1))
  }

  sortbySize(a: Ast, state: unknown): ArraySize {
    return this.sizeOfArg(a, state) ?? UNKNOWN_SIZE
  }
}

/** Excel's sort order: numbers, then text (ignoring case), then booleans, then blanks. */
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown): number =>
    v === EmptyValue || v === null || v === undefined
      ? 4
      : v instanceof CellError
        ? 3
        : typeof v === 'boolean'
          ? 2
          : typeof v === 'string'
            ? 1
            : 0
  const [ra, rb] = [rank(a), rank(b)]
  if (ra !== rb) return ra - rb
  if (ra === 0) return (numberOf(a) as number) - (numberOf(b) as number)
  if (ra === 1) return (a as string).toLowerCase().localeCompare((b as string).toLowerCase())
  if (ra === 2) return Number(a) - Number(b)
  return 0
}

// A size the formula's text does not give (a count from a cell) is measured.
measureUnknownSizes(ArrayShapePlugin, Object.keys(ArrayShapePlugin.implementedFunctions))
