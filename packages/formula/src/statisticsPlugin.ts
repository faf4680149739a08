import {
  ArraySize,
  CellError,
  FunctionArgumentType,
  SimpleRangeValue,
  type ImplementedFunctions,
} from 'hyperformula'
import { mode } from './aggregateFunctions.js'
import {
  ExcelFunctionPlugin,
  divError,
  naError,
  numError,
  numberOf,
  numbersOf,
  valueError,
  type Call,
} from './excelFunctionPlugin.js'
import { toExcelPrecision } from './excelRounding.js'

/**
 * Statistical functions HyperFormula lacks: AVERAGEIFS, PERCENTRANK(.INC/.EXC), RANK.AVG,
 * TRIMMEAN, PERMUT, PERMUTATIONA, PROB, FREQUENCY and MODE.MULT, each as Microsoft documents it.
 */

interface AstLike {
  args: unknown[]
}

interface CriterionPackage {
  lambda: (value: unknown) => boolean
}

interface CriterionSource {
  criterionBuilder: {
    fromCellValue(raw: unknown, helper: unknown): CriterionPackage | undefined
  }
}

/** Truncates (not rounds) to `digits` decimals, as PERCENTRANK reports. */
function truncate(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.floor(toExcelPrecision(x * f)) / f
}

/**
 * PERCENTRANK's position of `x` among `xs`: `rank(v)` for a value in the list, interpolated
 * linearly between the neighbours otherwise; #N/A outside the list's span.
 */
function percentRank(
  xs: readonly number[],
  x: number,
  significance: number,
  rank: (below: number, n: number) => number,
): number | CellError {
  const digits = Math.trunc(significance)
  if (digits < 1) return numError('Significance must be at least 1.')
  if (xs.length === 0) return naError()
  const sorted = [...xs].sort((a, b) => a - b)
  const n = sorted.length
  const below = (v: number) => sorted.filter((s) => s < v).length
  if (x < (sorted[0] as number) || x > (sorted[n - 1] as number)) return naError()
  if (sorted.includes(x)) return truncate(rank(below(x), n), digits)
  const hi = sorted.find((s) => s > x) as number
  const lo = sorted.filter((s) => s < x).at(-1) as number
  const rLo = rank(below(lo), n)
  const rHi = rank(below(hi), n)
  return truncate(rLo + ((x - lo) / (hi - lo)) * (rHi - rLo), digits)
}

const NUMBER = { argumentType: FunctionArgumentType.NUMBER }
const RANGE = { argumentType: FunctionArgumentType.RANGE }

export class StatisticsPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    AVERAGEIFS: {
      method: 'averageifs',
      parameters: [RANGE, RANGE, { argumentType: FunctionArgumentType.NOERROR }],
      repeatLastArgs: 2,
    },
    'PERCENTRANK.INC': {
      method: 'percentrankInc',
      parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 3 }],
    },
    'PERCENTRANK.EXC': {
      method: 'percentrankExc',
      parameters: [RANGE, NUMBER, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 3 }],
    },
    'RANK.AVG': {
      method: 'rankAvg',
      parameters: [NUMBER, RANGE, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }],
    },
    TRIMMEAN: { method: 'trimmean', parameters: [RANGE, NUMBER] },
    PERMUT: { method: 'permut', parameters: [NUMBER, NUMBER] },
    PERMUTATIONA: { method: 'permutationa', parameters: [NUMBER, NUMBER] },
    PROB: {
      method: 'prob',
      parameters: [
        RANGE,
        RANGE,
        NUMBER,
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true },
      ],
    },
    FREQUENCY: {
      method: 'frequency',
      sizeOfResultArrayMethod: 'frequencySize',
      parameters: [RANGE, RANGE],
      vectorizationForbidden: true,
    },
    'MODE.MULT': {
      method: 'modeMult',
      sizeOfResultArrayMethod: 'modeMultSize',
      parameters: [RANGE],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    },
  }

  static override aliases = { PERCENTRANK: 'PERCENTRANK.INC' }

  /** Average of `values` where every criteria range meets its criterion (as SUMIFS reads them). */
  averageifs(ast: Call, state: unknown): unknown {
    return this.call('AVERAGEIFS', ast, state, (values: SimpleRangeValue, ...rest: unknown[]) => {
      const builder = (this.interpreter as unknown as CriterionSource).criterionBuilder
      const tests: [unknown[][], CriterionPackage['lambda']][] = []
      for (let i = 0; i + 1 < rest.length; i += 2) {
        const range = rest[i] as SimpleRangeValue
        if (range.width() !== values.width() || range.height() !== values.height()) {
          return valueError('The ranges differ in size.')
        }
        const criterion = builder.fromCellValue(rest[i + 1], this.arithmeticHelper)
        if (!criterion) return valueError('Bad criterion.')
        tests.push([range.data, criterion.lambda])
      }
      let sum = 0
      let count = 0
      const data = values.data
      for (let r = 0; r < data.length; r++) {
        const line = data[r] as unknown[]
        for (let c = 0; c < line.length; c++) {
          if (!tests.every(([d, test]) => test((d[r] as unknown[])[c]))) continue
          const v = line[c]
          if (v instanceof CellError) return v
          const n = numberOf(v)
          if (n === undefined) continue
          sum += n
          count++
        }
      }
      return count === 0 ? divError() : sum / count
    })
  }

  percentrankInc(ast: Call, state: unknown): unknown {
    return this.call(
      'PERCENTRANK.INC',
      ast,
      state,
      (range: SimpleRangeValue, x: number, significance: number) => {
        const xs = numbersOf(range)
        if (xs instanceof CellError) return xs
        if (xs.length === 1 && xs[0] === x) return 1
        return percentRank(xs, x, significance, (below, n) => below / (n - 1))
      },
    )
  }

  percentrankExc(ast: Call, state: unknown): unknown {
    return this.call(
      'PERCENTRANK.EXC',
      ast,
      state,
      (range: SimpleRangeValue, x: number, significance: number) => {
        const xs = numbersOf(range)
        if (xs instanceof CellError) return xs
        return percentRank(xs, x, significance, (below, n) => (below + 1) / (n + 1))
      },
    )
  }

  /** RANK.AVG: ties share the average of the ranks they span. */
  rankAvg(ast: Call, state: unknown): unknown {
    return this.call(
      'RANK.AVG',
      ast,
      state,
      (x: number, range: SimpleRangeValue, order: number) => {
        const xs = numbersOf(range)
        if (xs instanceof CellError) return xs
        const equal = xs.filter((v) => v === x).length
        if (equal === 0) return naError('The number is not in the list.')
        const better = xs.filter((v) => (order === 0 ? v > x : v < x)).length
        return better + (equal + 1) / 2
      },
    )
  }

  /** TRIMMEAN: drops ⌊n·percent/2⌋ values from each end, then averages. */
  trimmean(ast: Call, state: unknown): unknown {
    return this.call('TRIMMEAN', ast, state, (range: SimpleRangeValue, percent: number) => {
      const xs = numbersOf(range)
      if (xs instanceof CellError) return xs
      if (percent < 0 || percent >= 1 || xs.length === 0) return numError()
      const cut = Math.floor((xs.length * percent) / 2)
      const kept = [...xs].sort((a, b) => a - b).slice(cut, xs.length - cut)
      return kept.reduce((s, v) => s + v, 0) / kept.length
    })
  }

  permut(ast: Call, state: unknown): unknown {
    return this.call('PERMUT', ast, state, (number: number, chosen: number) => {
      const n = Math.trunc(number)
      const k = Math.trunc(chosen)
      if (n <= 0 || k < 0 || n < k) return numError()
      let p = 1
      for (let i = 0; i < k; i++) p *= n - i
      return Number.isFinite(p) ? p : numError()
    })
  }

  permutationa(ast: Call, state: unknown): unknown {
    return this.call('PERMUTATIONA', ast, state, (number: number, chosen: number) => {
      const n = Math.trunc(number)
      const k = Math.trunc(chosen)
      if (n < 0 || k < 0) return numError()
      const p = n ** k
      return Number.isFinite(p) ? p : numError()
    })
  }

  /** PROB: the probability that a value lies in [lower, upper] (or equals lower). */
  prob(ast: Call, state: unknown): unknown {
    return this.call(
      'PROB',
      ast,
      state,
      (xs: SimpleRangeValue, ps: SimpleRangeValue, lower: number, upper?: number) => {
        const x = xs.valuesFromTopLeftCorner()
        const p = ps.valuesFromTopLeftCorner()
        if (x.length !== p.length) return naError('The ranges differ in size.')
        const hi = upper ?? lower
        let total = 0
        let inRange = 0
        for (let i = 0; i < x.length; i++) {
          if (x[i] instanceof CellError) return x[i]
          if (p[i] instanceof CellError) return p[i]
          const xi = numberOf(x[i])
          const pi = numberOf(p[i])
          if (xi === undefined || pi === undefined) continue
          if (pi <= 0 || pi > 1) return numError('Each probability must be in (0, 1].')
          total += pi
          if (xi >= lower && xi <= hi) inRange += pi
        }
        return Math.abs(total - 1) > 1e-9
          ? numError('The probabilities must add up to 1.')
          : inRange
      },
    )
  }

  /**
   * FREQUENCY: how many values fall in each bin (above the previous bin, up to this one), and
   * above the last, as a column one longer than the bins. Bins need not be sorted.
   */
  frequency(ast: Call, state: unknown): unknown {
    return this.call('FREQUENCY', ast, state, (data: SimpleRangeValue, bins: SimpleRangeValue) => {
      const xs = numbersOf(data)
      if (xs instanceof CellError) return xs
      const edges = numbersOf(bins)
      if (edges instanceof CellError) return edges
      const order = edges
        .map((edge, i) => ({ edge, i }))
        .sort((a, b) => a.edge - b.edge || a.i - b.i)
      const counts = new Array<number>(edges.length + 1).fill(0)
      for (const x of xs) {
        const bin = order.find((o) => x <= o.edge)
        const at = bin ? bin.i : edges.length
        counts[at] = (counts[at] as number) + 1
      }
      return SimpleRangeValue.onlyValues(counts.map((c) => [c]))
    })
  }

  frequencySize(ast: AstLike, state: unknown): ArraySize {
    if (ast.args.length !== 2) return ArraySize.error()
    const bins = this.arraySizeForAst(ast.args[1] as never, state as never)
    return new ArraySize(1, bins.width * bins.height + 1)
  }

  /** MODE.MULT: every most-repeated value, in order of first appearance, as a column. */
  modeMult(ast: Call, state: unknown): unknown {
    return this.call('MODE.MULT', ast, state, (...ranges: SimpleRangeValue[]) => {
      const xs: number[] = []
      for (const range of ranges) {
        const values = numbersOf(range)
        if (values instanceof CellError) return values
        xs.push(...values)
      }
      const first = mode(xs)
      if (first instanceof CellError) return first
      const counts = new Map<number, number>()
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
      const top = counts.get(first) as number
      const modes = [...counts].filter(([, c]) => c === top).map(([x]) => [x])
      return SimpleRangeValue.onlyValues(modes)
    })
  }

  /** At most half the cells can be modes (each repeats). */
  modeMultSize(ast: AstLike, state: unknown): ArraySize {
    let cells = 0
    for (const arg of ast.args) {
      const size = this.arraySizeForAst(arg as never, state as never)
      cells += size.width * size.height
    }
    return cells < 1 ? ArraySize.error() : new ArraySize(1, Math.max(1, Math.floor(cells / 2)))
  }
}
