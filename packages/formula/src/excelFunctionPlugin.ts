import {
  CellError,
  EmptyValue,
  ErrorType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
} from 'hyperformula'

/**
 * What the function plugins that make HyperFormula compute as Excel does share: the call
 * plumbing and Excel's reading of values. Each plugin is a small class of related functions
 * (`excelCompatPlugin.ts`, `textFormatPlugin.ts`, …), registered together by
 * `registerExcelFunctions`.
 */

/** What HyperFormula passes a plugin method; only handed back to `runFunction`. */
export interface Call {
  args: unknown[]
}

/** HyperFormula wraps dates, currencies and percents as `{val}`; everything else is raw. */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'object' && v !== null && 'val' in v && typeof v.val === 'number') return v.val
  return undefined
}

/** Numbers of a range in reading order; text, booleans and blanks are skipped, as in Excel. */
export function numbersOf(range: SimpleRangeValue): number[] | CellError {
  const out: number[] = []
  for (const v of range.valuesFromTopLeftCorner()) {
    if (v instanceof CellError) return v
    const n = numberOf(v)
    if (n !== undefined) out.push(n)
  }
  return out
}

/** Cells of a value as rows (a scalar is one cell). */
export function rowsOf(v: unknown): unknown[][] {
  return v instanceof SimpleRangeValue ? (v.data as unknown[][]) : [[v]]
}

/** True for a blank: an empty cell or an omitted argument. */
export function isEmpty(v: unknown): boolean {
  return v === EmptyValue || v === undefined || v === null
}

export const valueError = (message?: string): CellError => new CellError(ErrorType.VALUE, message)
export const numError = (message?: string): CellError => new CellError(ErrorType.NUM, message)
export const naError = (message?: string): CellError => new CellError(ErrorType.NA, message)
export const divError = (message?: string): CellError =>
  new CellError(ErrorType.DIV_BY_ZERO, message)

/** A function plugin with Cellmate's call helper. */
export abstract class ExcelFunctionPlugin extends FunctionPlugin {
  /** Runs `fn` on the arguments coerced as the function's metadata says (HyperFormula's way). */
  protected call(
    name: string,
    ast: Call,
    state: unknown,
    fn: (...args: never[]) => unknown,
  ): unknown {
    return this.runFunction(ast.args as never, state as never, this.metadata(name), fn as never)
  }

  /**
   * A scalar as Excel reads it where a number is wanted: numbers, dates, numeric or date text
   * (`"12"`, `"3/9/2016"`), booleans as 1/0, a blank as 0; other text is `#VALUE!`.
   */
  protected toNumber(v: unknown): number | CellError {
    if (v instanceof CellError) return v
    const coerced = this.coerceScalarToNumberOrError(v as never)
    if (coerced instanceof CellError) return coerced
    return numberOf(coerced) ?? valueError()
  }
}

/** A plugin class as HyperFormula registers it. */
export type PluginClass = typeof ExcelFunctionPlugin & {
  implementedFunctions: Record<string, unknown>
  aliases?: Record<string, string>
}

let registered = false

/**
 * Registers `plugins` with HyperFormula (a process-wide registry; idempotent). A function a
 * plugin names replaces HyperFormula's own. Must run before an engine is built: engines
 * snapshot the registry when created.
 */
export function registerPlugins(plugins: readonly PluginClass[]): void {
  if (registered) return
  registered = true
  for (const plugin of plugins) {
    const names = [
      ...Object.keys(plugin.implementedFunctions),
      ...Object.keys(plugin.aliases ?? {}),
    ]
    const enGB = Object.fromEntries(names.map((n) => [n, n]))
    HyperFormula.registerFunctionPlugin(plugin as never, { enGB })
  }
}

let functionNames: ReadonlySet<string> | undefined

/**
 * True for a function name (upper case) the engine computes, built in or from a plugin. The
 * set is kept once Cellmate's plugins are registered; asked before that, it is read afresh.
 */
export function isRegisteredFunction(name: string): boolean {
  const names = functionNames ?? new Set(HyperFormula.getRegisteredFunctionNames('enGB'))
  if (registered) functionNames = names
  return names.has(name)
}
