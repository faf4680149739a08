import { CellError, FunctionArgumentType, type ImplementedFunctions } from 'hyperformula'
import { basisOf, frequencyOf, solveYield } from './bondPlugin.js'
import { couponDate, couponPeriod, dayCount, type Basis } from './dayCount.js'
import { ExcelFunctionPlugin, numError, type Call } from './excelFunctionPlugin.js'

/**
 * Bonds whose first or last coupon period is odd (shorter or longer than the others):
 * ODDFPRICE, ODDFYIELD, ODDLPRICE, ODDLYIELD, with the formulas Microsoft documents for them.
 * An odd period is cut into quasi-coupon periods — regular periods laid out from the first
 * coupon backwards, or from the last coupon forwards — and each contributes its share of a
 * regular coupon: days counted in it over its normal length (DCᵢ/NLᵢ), the same for accrued
 * days (Aᵢ) and, for the last period, days from settlement (DSCᵢ). A short odd period is one
 * quasi-coupon period. Days are counted by the basis (30/360 or actual); normal lengths as
 * `normalLength` says. Where Microsoft's text leaves a choice open, Excel's own results
 * decide (`oddCouponPlugin.test.ts`: every basis and frequency 1, 2, 4). Dates are
 * truncated to whole days; the dates out of order, a negative rate or yield, a price or
 * redemption not above zero, a frequency other than 1, 2, 4 or a basis outside 0–4 are #NUM!.
 */

const N = { argumentType: FunctionArgumentType.NUMBER }
const BASIS = { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }

interface Terms {
  frequency: number
  basis: Basis
}

function termsOf(frequency: number, basis: number): Terms | CellError {
  const f = frequencyOf(frequency)
  if (f instanceof CellError) return f
  const b = basisOf(basis)
  if (b instanceof CellError) return b
  return { frequency: f, basis: b }
}

/**
 * The normal length in days of the quasi-coupon period [start, end]: its actual days with
 * basis 1, else 360 (365 with basis 3) over the frequency. ODDLPRICE and ODDLYIELD take the
 * actual days with bases 2 and 3 too (`actualWith23`): Excel's results for bases 1, 2 and 3
 * agree there, and differ for ODDFPRICE.
 */
function normalLength(start: number, end: number, t: Terms, actualWith23 = false): number {
  if (t.basis === 1 || (actualWith23 && (t.basis === 2 || t.basis === 3))) return end - start
  return (t.basis === 3 ? 365 : 360) / t.frequency
}

/** Days from `from` to `to` by the basis, 0 when `to` is not after `from`. */
function days(from: number, to: number, t: Terms): number {
  return to > from ? dayCount(from, to, t.basis) : 0
}

/** An odd first period: issue < settlement < first coupon < maturity. */
interface OddFirst {
  settlement: number
  maturity: number
  issue: number
  first: number
  rate: number
  redemption: number
  terms: Terms
}

/**
 * Excel's ODDFPRICE for a yield. The coupon dates of the odd period: quasi-coupon dates
 * q₀ ≤ issue < q₁ < … < q_NC = first coupon, each a regular period before the next. With
 * settlement in (qⱼ₋₁, qⱼ]: DSC days to qⱼ, E the days of that period, Nq = NC − j whole
 * periods from qⱼ to the first coupon, N the coupons after the first one up to maturity:
 *
 *   P = RV/v^(N+Nq+DSC/E) + C·Σ DCᵢ/NLᵢ / v^(Nq+DSC/E) + Σₖ₌₁..N C/v^(k+Nq+DSC/E) − C·Σ Aᵢ/NLᵢ
 *
 * with v = 1 + yld/frequency and C = 100·rate/frequency. It is Microsoft's long-period
 * formula; with one quasi period (a short first period) it is the short-period one.
 */
function oddFirstPrice(b: OddFirst, yld: number): number {
  const t = b.terms
  const step = 12 / t.frequency
  const quasi = [b.first]
  while ((quasi[0] as number) > b.issue) quasi.unshift(couponDate(b.first, -quasi.length * step))
  const nc = quasi.length - 1
  let dc = 0
  let accrued = 0
  let j = nc
  for (let i = 1; i <= nc; i++) {
    const start = quasi[i - 1] as number
    const end = quasi[i] as number
    const nl = normalLength(start, end, t)
    // A whole quasi period after the first pays one regular coupon, whatever its days (91
    // actual days are not 365/4): that is how Excel's long first periods come out.
    const whole = i > 1
    dc += whole ? 1 : days(b.issue, end, t) / nl
    const from = whole ? start : b.issue
    accrued += whole && b.settlement >= end ? 1 : days(from, Math.min(end, b.settlement), t) / nl
    if (b.settlement > start && b.settlement <= end) j = i
  }
  const next = quasi[j] as number
  const e = normalLength(quasi[j - 1] as number, next, t)
  const dsc = days(b.settlement, next, t)
  const nq = nc - j
  const n = b.maturity > b.first ? couponPeriod(b.first, b.maturity, t.frequency).remaining : 0
  const coupon = (100 * b.rate) / t.frequency
  const v = 1 + yld / t.frequency
  const lead = nq + dsc / e
  let price = b.redemption / v ** (n + lead) + (coupon * dc) / v ** lead
  for (let k = 1; k <= n; k++) price += coupon / v ** (k + lead)
  return price - coupon * accrued
}

/** An odd last period: last coupon < settlement < maturity. */
interface OddLast {
  settlement: number
  maturity: number
  last: number
  rate: number
  redemption: number
  terms: Terms
}

/** Σ DCᵢ/NLᵢ, Σ Aᵢ/NLᵢ and Σ DSCᵢ/NLᵢ over the quasi periods from the last coupon to maturity. */
function oddLastShares(b: OddLast): { dc: number; accrued: number; remaining: number } {
  const t = b.terms
  const step = 12 / t.frequency
  let dc = 0
  let accrued = 0
  let remaining = 0
  for (let i = 0, start = b.last; start < b.maturity; i++) {
    const end = couponDate(b.last, (i + 1) * step)
    const nl = normalLength(start, end, t, true)
    const stop = Math.min(end, b.maturity)
    dc += days(start, stop, t) / nl
    accrued += days(start, Math.min(end, b.settlement), t) / nl
    remaining += days(Math.max(start, b.settlement), stop, t) / nl
    start = end
  }
  return { dc, accrued, remaining }
}

export class OddCouponPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ODDFPRICE: { method: 'oddfprice', parameters: [N, N, N, N, N, N, N, N, BASIS] },
    ODDFYIELD: { method: 'oddfyield', parameters: [N, N, N, N, N, N, N, N, BASIS] },
    ODDLPRICE: { method: 'oddlprice', parameters: [N, N, N, N, N, N, N, BASIS] },
    ODDLYIELD: { method: 'oddlyield', parameters: [N, N, N, N, N, N, N, BASIS] },
  }

  /** Validates an odd-first bond, then `fn(bond, yield or price)`. */
  private oddFirst(
    name: string,
    ast: Call,
    state: unknown,
    fn: (b: OddFirst, value: number) => number | CellError,
  ): unknown {
    return this.call(
      name,
      ast,
      state,
      (
        settlement: number,
        maturity: number,
        issue: number,
        first: number,
        rate: number,
        value: number,
        redemption: number,
        frequency: number,
        basis: number,
      ) => {
        const terms = termsOf(frequency, basis)
        if (terms instanceof CellError) return terms
        const [s, m, iss, fc] = [settlement, maturity, issue, first].map(Math.trunc) as [
          number,
          number,
          number,
          number,
        ]
        if (!(m > fc && fc > s && s > iss)) {
          return numError('Maturity > first coupon > settlement > issue is required.')
        }
        if (rate < 0 || redemption <= 0) return numError()
        const b = { settlement: s, maturity: m, issue: iss, first: fc, rate, redemption, terms }
        const out = fn(b, value)
        return typeof out === 'number' && !Number.isFinite(out) ? numError() : out
      },
    )
  }

  oddfprice(ast: Call, state: unknown): unknown {
    return this.oddFirst('ODDFPRICE', ast, state, (b, yld) =>
      yld < 0 ? numError() : oddFirstPrice(b, yld),
    )
  }

  /** The yield at which ODDFPRICE gives `pr` (Excel solves it iteratively too). */
  oddfyield(ast: Call, state: unknown): unknown {
    return this.oddFirst('ODDFYIELD', ast, state, (b, pr) =>
      pr <= 0 ? numError() : solveYield((y) => oddFirstPrice(b, y), pr),
    )
  }

  /** Validates an odd-last bond, then `fn(bond, yield or price)`. */
  private oddLast(
    name: string,
    ast: Call,
    state: unknown,
    fn: (b: OddLast, value: number) => number | CellError,
  ): unknown {
    return this.call(
      name,
      ast,
      state,
      (
        settlement: number,
        maturity: number,
        last: number,
        rate: number,
        value: number,
        redemption: number,
        frequency: number,
        basis: number,
      ) => {
        const terms = termsOf(frequency, basis)
        if (terms instanceof CellError) return terms
        const [s, m, l] = [settlement, maturity, last].map(Math.trunc) as [number, number, number]
        if (!(m > s && s > l)) return numError('Maturity > settlement > last coupon is required.')
        if (rate < 0 || redemption <= 0) return numError()
        const out = fn({ settlement: s, maturity: m, last: l, rate, redemption, terms }, value)
        return typeof out === 'number' && !Number.isFinite(out) ? numError() : out
      },
    )
  }

  /**
   * ODDLPRICE = (RV + C·Σ DCᵢ/NLᵢ) / (1 + Σ DSCᵢ/NLᵢ · yld/frequency) − C·Σ Aᵢ/NLᵢ, with
   * C = 100·rate/frequency.
   */
  oddlprice(ast: Call, state: unknown): unknown {
    return this.oddLast('ODDLPRICE', ast, state, (b, yld) => {
      if (yld < 0) return numError()
      const { dc, accrued, remaining } = oddLastShares(b)
      const coupon = (100 * b.rate) / b.terms.frequency
      return (
        (b.redemption + coupon * dc) / (1 + (remaining * yld) / b.terms.frequency) -
        coupon * accrued
      )
    })
  }

  /** ODDLPRICE solved for the yield, in closed form (Microsoft's ODDLYIELD formula). */
  oddlyield(ast: Call, state: unknown): unknown {
    return this.oddLast('ODDLYIELD', ast, state, (b, pr) => {
      if (pr <= 0) return numError()
      const { dc, accrued, remaining } = oddLastShares(b)
      const coupon = (100 * b.rate) / b.terms.frequency
      const paid = pr + coupon * accrued
      return ((b.redemption + coupon * dc - paid) / paid) * (b.terms.frequency / remaining)
    })
  }
}
