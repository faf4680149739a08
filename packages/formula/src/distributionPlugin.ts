import {
  CellError,
  FunctionArgumentType,
  type ImplementedFunctions,
  type SimpleRangeValue,
} from 'hyperformula'
import {
  ExcelFunctionPlugin,
  divError,
  numError,
  numberOf,
  type Call,
} from './excelFunctionPlugin.js'

/** KURT and BINOM.DIST.RANGE, as Microsoft documents them. */

/** ln C(n, k), exact enough for the binomial sums (n up to Excel's limits). */
function logChoose(n: number, k: number): number {
  let s = 0
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i)
  return s
}

export class DistributionPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    KURT: {
      method: 'kurt',
      parameters: [{ argumentType: FunctionArgumentType.SCALAR }],
      repeatLastArgs: 1,
      expandRanges: true,
    },
    'BINOM.DIST.RANGE': {
      method: 'binomDistRange',
      parameters: [
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true },
      ],
    },
  }

  /** Sample excess kurtosis; #DIV/0! for fewer than four values or no spread. */
  kurt(ast: Call, state: unknown): unknown {
    return this.call('KURT', ast, state, (...values: unknown[]) => {
      const xs: number[] = []
      for (const v of values) {
        if (v instanceof CellError) return v
        const n = numberOf(v)
        if (n !== undefined) xs.push(n)
      }
      const n = xs.length
      if (n < 4) return divError()
      const mean = xs.reduce((s, x) => s + x, 0) / n
      const s2 = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)
      if (s2 === 0) return divError()
      const m4 = xs.reduce((s, x) => s + (x - mean) ** 4, 0) / s2 ** 2
      return (
        ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * m4 -
        (3 * (n - 1) ** 2) / ((n - 2) * (n - 3))
      )
    })
  }

  /** P(s <= successes <= s2) in `trials` trials of probability `p` (s2 defaults to s). */
  binomDistRange(ast: Call, state: unknown): unknown {
    return this.call(
      'BINOM.DIST.RANGE',
      ast,
      state,
      (trials: number, p: number, s: number, s2?: number) => {
        const n = Math.trunc(trials)
        const lo = Math.trunc(s)
        const hi = s2 === undefined ? lo : Math.trunc(s2)
        if (n < 0 || p < 0 || p > 1 || lo < 0 || lo > n || hi < lo || hi > n) return numError()
        let total = 0
        for (let k = lo; k <= hi; k++) {
          if (p === 0 || p === 1) total += (p === 1 ? k === n : k === 0) ? 1 : 0
          else total += Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p))
        }
        return total
      },
    )
  }
}

/** Sum of the numbers of a range (text, booleans, blanks skipped); the first error wins. */
export function sumOf(range: SimpleRangeValue): number | CellError {
  let s = 0
  for (const v of range.valuesFromTopLeftCorner()) {
    if (v instanceof CellError) return v
    s += numberOf(v) ?? 0
  }
  return s
}
