import {
  CellError,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import {
  ExcelFunctionPlugin,
  isEmpty,
  naError,
  numberOf,
  valueError,
  type Call,
} from './excelFunctionPlugin.js'
import { WildcardMatcher } from './wildcardMatch.js'

/**
 * XMATCH (HyperFormula has XLOOKUP but not XMATCH) and TYPE, as Microsoft documents them.
 */

/** A value's kind for matching: numbers only match numbers, text text, booleans booleans. */
function kindOf(v: unknown): 'number' | 'text' | 'boolean' | undefined {
  if (numberOf(v) !== undefined) return 'number'
  if (typeof v === 'string') return 'text'
  if (typeof v === 'boolean') return 'boolean'
  return undefined
}

/** Orders two values of the same kind; text ignores case, as Excel's lookups do. */
function compare(a: unknown, b: unknown): number {
  const x = numberOf(a)
  const y = numberOf(b)
  if (x !== undefined && y !== undefined) return x - y
  if (typeof a === 'string' && typeof b === 'string') {
    const [p, q] = [a.toLowerCase(), b.toLowerCase()]
    return p < q ? -1 : p > q ? 1 : 0
  }
  return Number(a) - Number(b)
}

const MATCH_MODES = new Set([-1, 0, 1, 2])
const SEARCH_MODES = new Set([-1, 1, -2, 2])

/**
 * XMATCH's 1-based position of `lookup` in `values`: `matchMode` 0 exact, -1 exact or next
 * smaller, 1 exact or next larger, 2 wildcards; `searchMode` -1 searches from the end (the
 * binary searches 2/-2 give the same answer on sorted data, which is what they require).
 */
export function xmatch(
  lookup: unknown,
  values: readonly unknown[],
  matchMode: number,
  searchMode: number,
): number | CellError {
  if (!MATCH_MODES.has(matchMode) || !SEARCH_MODES.has(searchMode)) return valueError()
  const kind = kindOf(lookup)
  if (kind === undefined) return naError()
  const order = values.map((_, i) => i)
  if (searchMode === -1) order.reverse()
  const wildcard =
    matchMode === 2 && kind === 'text'
      ? new WildcardMatcher((lookup as string).toLowerCase(), true)
      : null
  let best = -1
  for (const i of order) {
    const v = values[i]
    if (kindOf(v) !== kind) continue
    if (wildcard) {
      if (wildcard.test((v as string).toLowerCase())) return i + 1
      continue
    }
    const c = compare(v, lookup)
    if (c === 0) return i + 1
    if (matchMode === -1 && c < 0 && (best < 0 || compare(v, values[best]) > 0)) best = i
    if (matchMode === 1 && c > 0 && (best < 0 || compare(v, values[best]) < 0)) best = i
  }
  return best < 0 ? naError('No match.') : best + 1
}

export class LookupPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    XMATCH: {
      method: 'xmatch',
      parameters: [
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0, emptyAsDefault: true },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1, emptyAsDefault: true },
      ],
    },
    TYPE: {
      method: 'type',
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
    },
  }

  xmatch(ast: Call, state: unknown): unknown {
    return this.call(
      'XMATCH',
      ast,
      state,
      (lookup: unknown, range: SimpleRangeValue, matchMode: number, searchMode: number) => {
        if (range.width() > 1 && range.height() > 1) return valueError('Look in one row or column.')
        const values = range.valuesFromTopLeftCorner()
        return xmatch(lookup, values, Math.trunc(matchMode), Math.trunc(searchMode))
      },
    )
  }

  /**
   * TYPE: 1 number (or blank), 2 text, 4 logical, 16 error, 64 array. Evaluated here rather
   * than through `runFunction`, which would return an error argument instead of its type.
   */
  type(ast: Call, state: unknown): unknown {
    if (ast.args.length !== 1) return naError('TYPE takes one value.')
    const value: unknown = this.evaluateAst(ast.args[0] as never, state as never)
    if (value instanceof CellError) return 16
    if (value instanceof SimpleRangeValue) {
      if (value.width() * value.height() > 1) return 64
      const only = value.data[0]?.[0]
      return only instanceof CellError ? 16 : typeOf(only)
    }
    return typeOf(value)
  }
}

function typeOf(v: unknown): number {
  if (isEmpty(v) || numberOf(v) !== undefined) return 1
  if (typeof v === 'string') return 2
  if (typeof v === 'boolean') return 4
  return 1
}
