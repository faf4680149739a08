import type { SimpleRangeValue } from 'hyperformula'
import { CellError, ErrorType, FunctionArgumentType, type ImplementedFunctions } from 'hyperformula'
import { mode } from './aggregateFunctions.js'
import { serialToDate, dateToSerial } from './dateSerial.js'
import { sumOf } from './distributionPlugin.js'
import { ExcelFunctionPlugin, numberOf, numbersOf, type Call } from './excelFunctionPlugin.js'
import { numberToText } from './generalFormat.js'

/**
 * Excel functions HyperFormula lacks or computes differently, common enough in real sheets to
 * matter: INT (HyperFormula truncates toward zero; Excel rounds down), LOOKUP, RANK/RANK.EQ,
 * MODE/MODE.SNGL, INTERCEPT, FORECAST/FORECAST.LINEAR, CONCAT, ERROR.TYPE, PERCENTOF and DATEDIF
 * (HyperFormula only reads upper-case units). Each follows Excel's documented behaviour.
 */

/** Pairs (x, y) where both cells hold numbers; #N/A when the ranges differ in size. */
function pairsOf(ys: SimpleRangeValue, xs: SimpleRangeValue): [number, number][] | CellError {
  const y = ys.valuesFromTopLeftCorner()
  const x = xs.valuesFromTopLeftCorner()
  if (x.length !== y.length) return new CellError(ErrorType.NA, 'The ranges differ in size.')
  const out: [number, number][] = []
  for (let i = 0; i < x.length; i++) {
    if (x[i] instanceof CellError) return x[i] as CellError
    if (y[i] instanceof CellError) return y[i] as CellError
    const a = numberOf(x[i])
    const b = numberOf(y[i])
    if (a !== undefined && b !== undefined) out.push([a, b])
  }
  return out
}

/** Least-squares line through the pairs: [intercept, slope]. */
function regression(pairs: [number, number][]): [number, number] | CellError {
  const n = pairs.length
  const mx = pairs.reduce((s, [x]) => s + x, 0) / n
  const my = pairs.reduce((s, [, y]) => s + y, 0) / n
  let sxy = 0
  let sxx = 0
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) ** 2
  }
  if (n === 0 || sxx === 0) return new CellError(ErrorType.DIV_BY_ZERO)
  const slope = sxy / sxx
  return [my - slope * mx, slope]
}

/** Orders values of the same kind as Excel's lookups do: numbers, then text (ignoring case). */
function compare(a: unknown, b: unknown): number | undefined {
  const [x, y] = [numberOf(a), numberOf(b)]
  if (x !== undefined && y !== undefined) return x - y
  if (typeof a === 'string' && typeof b === 'string') {
    return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return undefined
}

const ERROR_TYPE_NUMBERS: Partial<Record<ErrorType, number>> = {
  [ErrorType.DIV_BY_ZERO]: 2,
  [ErrorType.VALUE]: 3,
  [ErrorType.REF]: 4,
  [ErrorType.NAME]: 5,
  [ErrorType.NUM]: 6,
  [ErrorType.NA]: 7,
  [ErrorType.SPILL]: 9,
}

function datedif(start: number, end: number, unit: string): number | CellError {
  if (start > end) return new CellError(ErrorType.NUM, 'The start date is after the end date.')
  const a = serialToDate(start)
  const b = serialToDate(end)
  const months = (b.year - a.year) * 12 + (b.month - a.month) - (b.day < a.day ? 1 : 0)
  switch (unit.toUpperCase()) {
    case 'Y':
      return Math.floor(months / 12)
    case 'M':
      return months
    case 'D':
      return Math.floor(end) - Math.floor(start)
    case 'YM':
      return months % 12
    case 'MD': {
      if (b.day >= a.day) return b.day - a.day
      const prevMonthEnd = (dateToSerial(b.year, b.month, 1) ?? end) - 1
      return Math.max(0, serialToDate(prevMonthEnd).day - a.day) + b.day
    }
    case 'YD': {
      const shifted = dateToSerial(a.year + Math.floor(months / 12), a.month, a.day)
      return shifted === null ? new CellError(ErrorType.NUM) : Math.floor(end) - shifted
    }
    default:
      return new CellError(ErrorType.NUM, `DATEDIF has no unit "${unit}".`)
  }
}

export class ExcelCompatPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    INT: { method: 'int', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
    LOOKUP: {
      method: 'lookup',
      parameters: [
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.RANGE, optionalArg: true },
      ],
    },
    'RANK.EQ': {
      method: 'rank',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
      ],
    },
    'MODE.SNGL': {
      method: 'mode',
      parameters: [{ argumentType: FunctionArgumentType.SCALAR }],
      repeatLastArgs: 1,
      expandRanges: true,
    },
    INTERCEPT: {
      method: 'intercept',
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.RANGE },
      ],
    },
    'FORECAST.LINEAR': {
      method: 'forecast',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.RANGE },
      ],
    },
    CONCAT: {
      method: 'concat',
      parameters: [{ argumentType: FunctionArgumentType.SCALAR }],
      repeatLastArgs: 1,
      expandRanges: true,
    },
    'ERROR.TYPE': {
      method: 'errorType',
      parameters: [{ argumentType: FunctionArgumentType.SCALAR }],
    },
    PERCENTOF: {
      method: 'percentof',
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.RANGE },
      ],
    },
    DATEDIF: {
      method: 'datedif',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.STRING },
      ],
    },
  }

  /** Older names Excel still accepts. */
  static override aliases = { RANK: 'RANK.EQ', MODE: 'MODE.SNGL', FORECAST: 'FORECAST.LINEAR' }

  int(ast: Call, state: unknown): unknown {
    return this.call('INT', ast, state, (x: number) => Math.floor(x))
  }

  lookup(ast: Call, state: unknown): unknown {
    return this.call(
      'LOOKUP',
      ast,
      state,
      (value: unknown, keys: SimpleRangeValue, results?: SimpleRangeValue) => {
        // Array form: search the first row or column (the longer side), return from the last.
        const wide = keys.width() > keys.height()
        const data = keys.data
        const searched = results
          ? keys.valuesFromTopLeftCorner()
          : wide
            ? (data[0] ?? [])
            : data.map((r) => r[0])
        const returned = results
          ? results.valuesFromTopLeftCorner()
          : wide
            ? (data[data.length - 1] ?? [])
            : data.map((r) => r[r.length - 1])
        let found = -1
        for (let i = 0; i < searched.length; i++) {
          const c = compare(searched[i], value)
          if (c === undefined) continue
          if (c > 0) break
          found = i
        }
        const hit = found < 0 ? undefined : returned[found]
        return hit === undefined ? new CellError(ErrorType.NA, 'Value not found.') : hit
      },
    )
  }

  rank(ast: Call, state: unknown): unknown {
    return this.call('RANK.EQ', ast, state, (n: number, range: SimpleRangeValue, order: number) => {
      const values = numbersOf(range)
      if (values instanceof CellError) return values
      if (!values.includes(n)) return new CellError(ErrorType.NA, 'The number is not in the list.')
      return 1 + values.filter((v) => (order === 0 ? v > n : v < n)).length
    })
  }

  mode(ast: Call, state: unknown): unknown {
    return this.call('MODE.SNGL', ast, state, (...values: unknown[]) => {
      const numbers: number[] = []
      for (const v of values) {
        if (v instanceof CellError) return v
        const n = numberOf(v)
        if (n !== undefined) numbers.push(n)
      }
      return mode(numbers)
    })
  }

  intercept(ast: Call, state: unknown): unknown {
    return this.call('INTERCEPT', ast, state, (ys: SimpleRangeValue, xs: SimpleRangeValue) => {
      const pairs = pairsOf(ys, xs)
      if (pairs instanceof CellError) return pairs
      const line = regression(pairs)
      return line instanceof CellError ? line : line[0]
    })
  }

  forecast(ast: Call, state: unknown): unknown {
    return this.call(
      'FORECAST.LINEAR',
      ast,
      state,
      (x: number, ys: SimpleRangeValue, xs: SimpleRangeValue) => {
        const pairs = pairsOf(ys, xs)
        if (pairs instanceof CellError) return pairs
        const line = regression(pairs)
        return line instanceof CellError ? line : line[0] + line[1] * x
      },
    )
  }

  concat(ast: Call, state: unknown): unknown {
    return this.call('CONCAT', ast, state, (...values: unknown[]) => {
      let out = ''
      for (const v of values) {
        if (v instanceof CellError) return v
        const n = numberOf(v)
        if (n !== undefined) out += numberToText(n)
        else if (typeof v === 'boolean') out += v ? 'TRUE' : 'FALSE'
        else if (typeof v === 'string') out += v
      }
      return out
    })
  }

  errorType(ast: Call, state: unknown): unknown {
    return this.call('ERROR.TYPE', ast, state, (v: unknown) => {
      const code = v instanceof CellError ? ERROR_TYPE_NUMBERS[v.type] : undefined
      return code ?? new CellError(ErrorType.NA, 'The value is not an error.')
    })
  }

  /** PERCENTOF(subset, all): the subset's sum as a share of the whole's. */
  percentof(ast: Call, state: unknown): unknown {
    return this.call('PERCENTOF', ast, state, (subset: SimpleRangeValue, all: SimpleRangeValue) => {
      const part = sumOf(subset)
      if (part instanceof CellError) return part
      const whole = sumOf(all)
      if (whole instanceof CellError) return whole
      return whole === 0 ? new CellError(ErrorType.DIV_BY_ZERO) : part / whole
    })
  }

  datedif(ast: Call, state: unknown): unknown {
    return this.call('DATEDIF', ast, state, datedif)
  }
}
