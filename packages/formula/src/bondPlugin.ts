import { CellError, FunctionArgumentType, type ImplementedFunctions } from 'hyperformula'
import {
  couponDays,
  couponDaysAfter,
  couponDaysBefore,
  couponDate,
  couponPeriod,
  dayCount,
  yearFrac,
  type Basis,
} from './dayCount.js'
import { ExcelFunctionPlugin, numError, type Call } from './excelFunctionPlugin.js'

/**
 * Securities functions HyperFormula lacks: the COUP* family, ACCRINT(M), DISC, INTRATE,
 * RECEIVED, PRICE(DISC/MAT), YIELD(DISC/MAT), DURATION and MDURATION, with Microsoft's
 * documented formulas over the day counts of `dayCount.ts`. Dates are truncated to whole days;
 * a frequency other than 1, 2 or 4, a basis outside 0–4 or settlement on/after maturity is
 * `#NUM!`, as in Excel.
 */

const N = { argumentType: FunctionArgumentType.NUMBER }
const BASIS = { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }

/** The basis argument as Excel reads it (truncated), or #NUM! outside 0–4. */
export function basisOf(b: number): Basis | CellError {
  const t = Math.trunc(b)
  return t >= 0 && t <= 4 ? (t as Basis) : numError('Basis must be 0-4.')
}

/** The frequency argument as Excel reads it (truncated), or #NUM! unless 1, 2 or 4. */
export function frequencyOf(f: number): number | CellError {
  const t = Math.trunc(f)
  return t === 1 || t === 2 || t === 4 ? t : numError('Frequency must be 1, 2 or 4.')
}

interface Bond {
  settlement: number
  maturity: number
  frequency: number
  basis: Basis
}

/** Validated settlement, maturity, frequency and basis. */
function bond(
  settlement: number,
  maturity: number,
  frequency: number,
  basis: number,
): Bond | CellError {
  const s = Math.trunc(settlement)
  const m = Math.trunc(maturity)
  const f = frequencyOf(frequency)
  if (f instanceof CellError) return f
  const b = basisOf(basis)
  if (b instanceof CellError) return b
  if (s >= m) return numError('Settlement must be before maturity.')
  return { settlement: s, maturity: m, frequency: f, basis: b }
}

/** Settlement before maturity with a valid basis (the discount securities). */
function term(settlement: number, maturity: number, basis: number): Bond | CellError {
  return bond(settlement, maturity, 1, basis)
}

interface CouponFacts {
  /** Coupons left (N). */
  n: number
  /** Days in the settlement's coupon period (E). */
  e: number
  /** Days from its start to settlement (A). */
  a: number
  /** Days from settlement to the next coupon (DSC). */
  dsc: number
}

function couponFacts(b: Bond): CouponFacts {
  const period = couponPeriod(b.settlement, b.maturity, b.frequency)
  return {
    n: period.remaining,
    e: couponDays(period, b.frequency, b.basis),
    a: couponDaysBefore(period, b.settlement, b.basis),
    dsc: couponDaysAfter(period, b.settlement, b.frequency, b.basis),
  }
}

/** Excel's PRICE per 100 face for a yield; one coupon left is priced with simple interest. */
function price(b: Bond, rate: number, yld: number, redemption: number): number {
  const { n, e, a, dsc } = couponFacts(b)
  const f = b.frequency
  const coupon = (100 * rate) / f
  if (n === 1) {
    return (redemption + coupon) / (1 + ((dsc / e) * yld) / f) - (coupon * a) / e
  }
  const base = 1 + yld / f
  let p = redemption / base ** (n - 1 + dsc / e)
  for (let k = 1; k <= n; k++) p += coupon / base ** (k - 1 + dsc / e)
  return p - (coupon * a) / e
}

/** Solves price(y) = target by Newton's method, falling back to bisection; #NUM! if none. */
export function solveYield(priceAt: (y: number) => number, target: number): number | CellError {
  let y = 0.1
  for (let i = 0; i < 100; i++) {
    const f = priceAt(y) - target
    // Prices are near 100: 1e-12 is a few units in their last place, and the yield then
    // has the 15 digits Excel shows.
    if (Math.abs(f) < 1e-12) return y
    const h = 1e-7
    const slope = (priceAt(y + h) - priceAt(y - h)) / (2 * h)
    if (!Number.isFinite(slope) || slope === 0) break
    const next = y - f / slope
    if (!Number.isFinite(next) || next <= -0.99) break
    if (Math.abs(next - y) < 1e-14) return next
    y = next
  }
  // Price falls as yield rises: bisect on [-0.99, 10].
  let lo = -0.99
  let hi = 10
  if ((priceAt(lo) - target) * (priceAt(hi) - target) > 0)
    return numError('No yield gives this price.')
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (priceAt(mid) - target > 0) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** Macaulay duration in years, cash flows at (k - 1 + DSC/E) periods. */
function duration(b: Bond, coupon: number, yld: number): number {
  const { n, e, dsc } = couponFacts(b)
  const f = b.frequency
  const base = 1 + yld / f
  const c = (100 * coupon) / f
  let weighted = 0
  let value = 0
  for (let k = 1; k <= n; k++) {
    const t = k - 1 + dsc / e
    const flow = k === n ? c + 100 : c
    const pv = flow / base ** t
    weighted += t * pv
    value += pv
  }
  return weighted / value / f
}

const COUPON_ARGS = [N, N, N, BASIS]

export class BondPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    COUPDAYBS: { method: 'coupdaybs', parameters: COUPON_ARGS },
    COUPDAYS: { method: 'coupdays', parameters: COUPON_ARGS },
    COUPDAYSNC: { method: 'coupdaysnc', parameters: COUPON_ARGS },
    COUPNCD: { method: 'coupncd', parameters: COUPON_ARGS },
    COUPNUM: { method: 'coupnum', parameters: COUPON_ARGS },
    COUPPCD: { method: 'couppcd', parameters: COUPON_ARGS },
    ACCRINT: {
      method: 'accrint',
      parameters: [
        N,
        N,
        N,
        N,
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1000 },
        N,
        BASIS,
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true },
      ],
    },
    ACCRINTM: {
      method: 'accrintm',
      parameters: [
        N,
        N,
        N,
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1000 },
        BASIS,
      ],
    },
    DISC: { method: 'disc', parameters: [N, N, N, N, BASIS] },
    INTRATE: { method: 'intrate', parameters: [N, N, N, N, BASIS] },
    RECEIVED: { method: 'received', parameters: [N, N, N, N, BASIS] },
    PRICEDISC: { method: 'pricedisc', parameters: [N, N, N, N, BASIS] },
    YIELDDISC: { method: 'yielddisc', parameters: [N, N, N, N, BASIS] },
    PRICEMAT: { method: 'pricemat', parameters: [N, N, N, N, N, BASIS] },
    YIELDMAT: { method: 'yieldmat', parameters: [N, N, N, N, N, BASIS] },
    PRICE: { method: 'price', parameters: [N, N, N, N, N, N, BASIS] },
    YIELD: { method: 'yield', parameters: [N, N, N, N, N, N, BASIS] },
    DURATION: { method: 'duration', parameters: [N, N, N, N, N, BASIS] },
    MDURATION: { method: 'mduration', parameters: [N, N, N, N, N, BASIS] },
  }

  private coupon(name: string, ast: Call, state: unknown, fn: (b: Bond) => number): unknown {
    return this.call(name, ast, state, (s: number, m: number, f: number, basis: number) => {
      const b = bond(s, m, f, basis)
      return b instanceof CellError ? b : fn(b)
    })
  }

  coupdaybs(ast: Call, state: unknown): unknown {
    return this.coupon('COUPDAYBS', ast, state, (b) => couponFacts(b).a)
  }

  coupdays(ast: Call, state: unknown): unknown {
    return this.coupon('COUPDAYS', ast, state, (b) => couponFacts(b).e)
  }

  coupdaysnc(ast: Call, state: unknown): unknown {
    return this.coupon('COUPDAYSNC', ast, state, (b) => couponFacts(b).dsc)
  }

  coupncd(ast: Call, state: unknown): unknown {
    return this.coupon(
      'COUPNCD',
      ast,
      state,
      (b) => couponPeriod(b.settlement, b.maturity, b.frequency).next,
    )
  }

  coupnum(ast: Call, state: unknown): unknown {
    return this.coupon('COUPNUM', ast, state, (b) => couponFacts(b).n)
  }

  couppcd(ast: Call, state: unknown): unknown {
    return this.coupon(
      'COUPPCD',
      ast,
      state,
      (b) => couponPeriod(b.settlement, b.maturity, b.frequency).previous,
    )
  }

  /**
   * ACCRINT: par × rate / frequency × Σ Aᵢ/NLᵢ over the quasi-coupon periods (laid out from
   * first_interest) between issue — or, with calc_method FALSE after first_interest, from
   * first_interest — and settlement.
   */
  accrint(ast: Call, state: unknown): unknown {
    return this.call(
      'ACCRINT',
      ast,
      state,
      (
        issue: number,
        firstInterest: number,
        settlement: number,
        rate: number,
        par: number,
        frequency: number,
        basis: number,
        fromIssue: boolean,
      ) => {
        const f = frequencyOf(frequency)
        if (f instanceof CellError) return f
        const b = basisOf(basis)
        if (b instanceof CellError) return b
        const [iss, first, settle] = [issue, firstInterest, settlement].map(Math.trunc) as [
          number,
          number,
          number,
        ]
        if (rate <= 0 || par <= 0 || iss >= settle) return numError()
        const start = !fromIssue && settle > first ? first : iss
        const step = 12 / f
        // Quasi-coupon periods [c(k-1), c(k)] with c(k) = first_interest + k periods.
        let k = 0
        while (couponDate(first, k * step) > start) k--
        let accrued = 0
        for (; couponDate(first, k * step) < settle; k++) {
          const from = couponDate(first, k * step)
          const to = couponDate(first, (k + 1) * step)
          const a = dayCount(Math.max(from, start), Math.min(to, settle), b)
          const nl = b === 1 ? to - from : (b === 3 ? 365 : 360) / f
          accrued += a / nl
        }
        return ((par * rate) / f) * accrued
      },
    )
  }

  accrintm(ast: Call, state: unknown): unknown {
    return this.call(
      'ACCRINTM',
      ast,
      state,
      (issue: number, settlement: number, rate: number, par: number, basis: number) => {
        const t = term(issue, settlement, basis)
        if (t instanceof CellError) return t
        if (rate <= 0 || par <= 0) return numError()
        return par * rate * yearFrac(t.settlement, t.maturity, t.basis)
      },
    )
  }

  /** The discount securities: `fn(yearfrac, a, b)` after validation (a, b > 0). */
  private discounted(
    name: string,
    ast: Call,
    state: unknown,
    fn: (years: number, a: number, b: number) => number,
  ): unknown {
    return this.call(
      name,
      ast,
      state,
      (settlement: number, maturity: number, a: number, b: number, basis: number) => {
        const t = term(settlement, maturity, basis)
        if (t instanceof CellError) return t
        if (a <= 0 || b <= 0) return numError()
        const value = fn(yearFrac(t.settlement, t.maturity, t.basis), a, b)
        return Number.isFinite(value) ? value : numError()
      },
    )
  }

  disc(ast: Call, state: unknown): unknown {
    return this.discounted(
      'DISC',
      ast,
      state,
      (years, pr, redemption) => (1 - pr / redemption) / years,
    )
  }

  intrate(ast: Call, state: unknown): unknown {
    return this.discounted(
      'INTRATE',
      ast,
      state,
      (years, investment, redemption) => (redemption / investment - 1) / years,
    )
  }

  received(ast: Call, state: unknown): unknown {
    return this.discounted('RECEIVED', ast, state, (years, investment, discount) => {
      const d = 1 - discount * years
      return d <= 0 ? Number.NaN : investment / d
    })
  }

  pricedisc(ast: Call, state: unknown): unknown {
    return this.discounted(
      'PRICEDISC',
      ast,
      state,
      (years, discount, redemption) => redemption * (1 - discount * years),
    )
  }

  yielddisc(ast: Call, state: unknown): unknown {
    return this.discounted(
      'YIELDDISC',
      ast,
      state,
      (years, pr, redemption) => (redemption / pr - 1) / years,
    )
  }

  pricemat(ast: Call, state: unknown): unknown {
    return this.call(
      'PRICEMAT',
      ast,
      state,
      (
        settlement: number,
        maturity: number,
        issue: number,
        rate: number,
        yld: number,
        basis: number,
      ) => {
        const t = term(settlement, maturity, basis)
        if (t instanceof CellError) return t
        if (rate < 0 || yld < 0) return numError()
        const iss = Math.trunc(issue)
        const issMat = yearFrac(iss, t.maturity, t.basis)
        const issSet = yearFrac(iss, t.settlement, t.basis)
        const setMat = yearFrac(t.settlement, t.maturity, t.basis)
        return ((1 + issMat * rate) / (1 + setMat * yld) - issSet * rate) * 100
      },
    )
  }

  yieldmat(ast: Call, state: unknown): unknown {
    return this.call(
      'YIELDMAT',
      ast,
      state,
      (
        settlement: number,
        maturity: number,
        issue: number,
        rate: number,
        pr: number,
        basis: number,
      ) => {
        const t = term(settlement, maturity, basis)
        if (t instanceof CellError) return t
        if (rate < 0 || pr <= 0) return numError()
        const iss = Math.trunc(issue)
        const issMat = yearFrac(iss, t.maturity, t.basis)
        const issSet = yearFrac(iss, t.settlement, t.basis)
        const setMat = yearFrac(t.settlement, t.maturity, t.basis)
        return ((1 + issMat * rate) / (pr / 100 + issSet * rate) - 1) / setMat
      },
    )
  }

  price(ast: Call, state: unknown): unknown {
    return this.call(
      'PRICE',
      ast,
      state,
      (
        s: number,
        m: number,
        rate: number,
        yld: number,
        redemption: number,
        f: number,
        basis: number,
      ) => {
        const b = bond(s, m, f, basis)
        if (b instanceof CellError) return b
        if (rate < 0 || yld < 0 || redemption <= 0) return numError()
        return price(b, rate, yld, redemption)
      },
    )
  }

  /** YIELD: closed form with one coupon left, else the yield at which PRICE gives `pr`. */
  yield(ast: Call, state: unknown): unknown {
    return this.call(
      'YIELD',
      ast,
      state,
      (
        s: number,
        m: number,
        rate: number,
        pr: number,
        redemption: number,
        f: number,
        basis: number,
      ) => {
        const b = bond(s, m, f, basis)
        if (b instanceof CellError) return b
        if (rate < 0 || pr <= 0 || redemption <= 0) return numError()
        const { n, e, a, dsc } = couponFacts(b)
        if (n === 1) {
          const paid = pr / 100 + ((a / e) * rate) / b.frequency
          const got = redemption / 100 + rate / b.frequency
          return ((got - paid) / paid) * ((b.frequency * e) / dsc)
        }
        return solveYield((y) => price(b, rate, y, redemption), pr)
      },
    )
  }

  duration(ast: Call, state: unknown): unknown {
    return this.call(
      'DURATION',
      ast,
      state,
      (s: number, m: number, coupon: number, yld: number, f: number, basis: number) => {
        const b = bond(s, m, f, basis)
        if (b instanceof CellError) return b
        if (coupon < 0 || yld < 0) return numError()
        return duration(b, coupon, yld)
      },
    )
  }

  mduration(ast: Call, state: unknown): unknown {
    return this.call(
      'MDURATION',
      ast,
      state,
      (s: number, m: number, coupon: number, yld: number, f: number, basis: number) => {
        const b = bond(s, m, f, basis)
        if (b instanceof CellError) return b
        if (coupon < 0 || yld < 0) return numError()
        return duration(b, coupon, yld) / (1 + yld / b.frequency)
      },
    )
  }
}
