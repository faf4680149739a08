import { WildcardMatcher } from './wildcardMatch.js'

/**
 * Corrections to one HyperFormula interpreter, applied by `ExcelSemanticsPlugin`'s constructor
 * (HyperFormula builds every plugin with the engine's interpreter, so this runs once per
 * engine, including engines it rebuilds). Each replaces an instance method and keeps the
 * original for the cases it does not change. They rely on HyperFormula 3.5's internals
 * (`arithmeticHelper.buildRegex`, `coerceNonDateScalarToMaybeNumber`,
 * `evaluateAstWithoutPostprocessing`); the wildcard tests (`wildcardMatch.test.ts`), the
 * conformance cases for `""` in arithmetic and the LET/LAMBDA tests fail if those move.
 */

interface Config {
  useWildcards: boolean
  useRegularExpressions: boolean
  matchWholeCell: boolean
}

interface ArithmeticHelper {
  config: Config
  normalizeString(s: string): string
  buildRegex(pattern: string, matchWholeCell?: boolean): RegExp
  coerceNonDateScalarToMaybeNumber(arg: unknown): unknown
}

interface NameAst {
  type: string
  expressionName?: string
  procedureName?: string
  args?: NameAst[]
}

/** Names bound by LET or a LAMBDA's parameters, innermost first (a lexical scope). */
export interface Bindings {
  readonly values: ReadonlyMap<string, unknown>
  readonly outer: Bindings | undefined
}

interface Interpreter {
  arithmeticHelper: ArithmeticHelper
  evaluateAstWithoutPostprocessing(ast: NameAst, state: unknown): unknown
}

/**
 * What a call of a name bound to a LAMBDA (`LET(f,LAMBDA(x,x+1),f(2))`) evaluates to; set by
 * `letLambdaPlugin.ts`, which owns closures. One per interpreter: a call must evaluate in its
 * own engine, whose cells it reads (a server holds one engine per workbook).
 */
type BoundCall = (callee: unknown, args: NameAst[], state: unknown) => unknown
const boundCalls = new WeakMap<object, BoundCall>()

export function setBoundCall(interpreter: object, call: BoundCall): void {
  boundCalls.set(interpreter, call)
}

/**
 * The scope LET and LAMBDA bodies evaluate in. HyperFormula gives every function call a fresh
 * interpreter state, so names cannot travel in the state; evaluation is synchronous and never
 * enters another cell's formula, so one current scope, set around a body's evaluation and
 * restored after it, is exact.
 */
let currentScope: Bindings | undefined

export function scope(): Bindings | undefined {
  return currentScope
}

/** Evaluates `fn` with `bindings` as the scope (a closure's own scope, not the caller's). */
export function withScope<T>(bindings: Bindings | undefined, fn: () => T): T {
  const saved = currentScope
  currentScope = bindings
  try {
    return fn()
  } finally {
    currentScope = saved
  }
}

const PATCHED = Symbol('cellmate.patched')

/** The value `name` is bound to in `bindings`, or undefined when nothing binds it. */
export function lookupBinding(bindings: Bindings | undefined, name: string): unknown {
  const key = name.toUpperCase()
  for (let b = bindings; b; b = b.outer) {
    if (b.values.has(key)) return b.values.get(key)
  }
  return undefined
}

export function patchInterpreter(interpreter: unknown): void {
  const it = interpreter as Interpreter & { [PATCHED]?: true }
  if (it[PATCHED]) return
  it[PATCHED] = true
  const helper = it.arithmeticHelper

  const buildRegex = helper.buildRegex.bind(helper)
  helper.buildRegex = (pattern, matchWholeCell = true) => {
    const { config } = helper
    if (config.useRegularExpressions || !config.useWildcards) {
      return buildRegex(pattern, matchWholeCell)
    }
    // Excel's wildcards, matched in linear passes instead of a backtracking RegExp (`?` is
    // exactly one character; HyperFormula emits `.?`, so `"?????es"` matched "apples").
    // HyperFormula reads only `test` and `exec(...).index` of what this returns.
    const anchored = config.matchWholeCell && matchWholeCell
    return new WildcardMatcher(helper.normalizeString(pattern), anchored) as unknown as RegExp
  }

  // Excel: `""` is text that is not a number, so `=A1+1` with A1 `=""` is #VALUE!.
  const coerce = helper.coerceNonDateScalarToMaybeNumber.bind(helper)
  helper.coerceNonDateScalarToMaybeNumber = (arg) => (arg === '' ? undefined : coerce(arg))

  // Names bound by LET/LAMBDA shadow defined names while their body evaluates.
  const evaluate = it.evaluateAstWithoutPostprocessing.bind(it)
  it.evaluateAstWithoutPostprocessing = (ast, state) => {
    if (currentScope !== undefined) {
      if (ast.type === 'NAMED_EXPRESSION' && ast.expressionName !== undefined) {
        const bound = lookupBinding(currentScope, ast.expressionName)
        if (bound !== undefined) return bound
      } else if (ast.type === 'FUNCTION_CALL' && ast.procedureName !== undefined) {
        const callee = lookupBinding(currentScope, ast.procedureName)
        const call = boundCalls.get(it)
        if (callee !== undefined && call) return call(callee, ast.args ?? [], state)
      }
    }
    return evaluate(ast, state)
  }
}
