import { CellError, FunctionArgumentType, type ImplementedFunctions } from 'hyperformula'
import { yearFrac, type Basis } from './dayCount.js'
import { ExcelFunctionPlugin, numError, type Call } from './excelFunctionPlugin.js'
import { roundHalfAway } from './excelRounding.js'

/**
 * Depreciation functions HyperFormula lacks: the French (PCG) AMORLINC and AMORDEGRC, as
 * Microsoft documents them and as the analysis add-in they come from computes them
 * (LibreOffice's `scaddins` and PhpSpreadsheet reproduce Excel's results with the same steps;
 * period 0 is the prorated first period, from the purchase to the end of the first period),
 * and VDB, declining balance between two possibly fractional periods with Excel's switch to
 * straight line (the steps of LibreOffice's ScVDB).
 */

const N = { argumentType: FunctionArgumentType.NUMBER }
const ARGS = [N, N, N, N, N, N, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 }]

interface Asset {
  cost: number
  salvage: number
  period: number
  rate: number
  /** The year fraction of the first, prorated period. */
  firstYears: number
}

/**
 * Validated arguments, #NUM! as Excel gives it: a negative cost, salvage or period, a salvage
 * above the cost, a rate of 0 or less, a purchase after the first period's end, or a basis
 * other than 0, 1, 3 or 4 (Excel's list for these functions has no actual/360).
 */
function asset(
  cost: number,
  purchased: number,
  firstPeriod: number,
  salvage: number,
  period: number,
  rate: number,
  basis: number,
): Asset | CellError {
  const b = Math.trunc(basis)
  if (b !== 0 && b !== 1 && b !== 3 && b !== 4) return numError('Basis must be 0, 1, 3 or 4.')
  const start = Math.trunc(purchased)
  const end = Math.trunc(firstPeriod)
  if (cost < 0 || salvage < 0 || salvage > cost || period < 0 || rate <= 0 || start > end) {
    return numError()
  }
  return {
    cost,
    salvage,
    period: Math.trunc(period),
    rate,
    firstYears: yearFrac(start, end, b as Basis),
  }
}

/** AMORLINC: straight line, prorated in the first period, the remainder in the last. */
function amorlinc(a: Asset): number {
  const full = a.cost * a.rate
  const first = a.firstYears * full
  const fullPeriods = Math.trunc((a.cost - a.salvage - first) / full)
  let result = 0
  if (a.period === 0) result = first
  else if (a.period <= fullPeriods) result = full
  else if (a.period === fullPeriods + 1) result = a.cost - a.salvage - full * fullPeriods - first
  return Math.max(result, 0)
}

/**
 * The coefficient AMORDEGRC multiplies the rate by, from the asset's life 1/rate. Microsoft's
 * table (3–4 years 1.5, 5–6 years 2, more than 6 years 2.5) leaves gaps it calls #NUM!, but
 * Excel computes there: a life under 3 years uses 1, from 4 to 6 years 2.
 */
function degressiveCoefficient(rate: number): number {
  const life = 1 / rate
  if (life < 3) return 1
  if (life < 4) return 1.5
  if (life <= 6) return 2
  return 2.5
}

/**
 * AMORDEGRC: declining balance at rate × coefficient, each period's amount rounded to a whole
 * number; once the remaining value would fall below the salvage, the period at that point
 * takes half of what is left and later periods nothing (Excel's "50 % for the period before
 * the last, 100 % for the last").
 */
function amordegrc(a: Asset): number {
  const rate = a.rate * degressiveCoefficient(a.rate)
  let amount = roundHalfAway(a.firstYears * rate * a.cost, 0)
  let value = a.cost - amount
  let rest = value - a.salvage
  for (let n = 0; n < a.period; n++) {
    amount = roundHalfAway(rate * value, 0)
    rest -= amount
    if (rest < 0) return a.period - n <= 1 ? roundHalfAway(value * 0.5, 0) : 0
    value -= amount
  }
  return amount
}

/** DDB's amount for whole period `period` (1-based), never below the salvage. */
function ddb(cost: number, salvage: number, life: number, period: number, factor: number): number {
  const rate = Math.min(factor / life, 1)
  const before = rate === 1 ? (period === 1 ? cost : 0) : cost * (1 - rate) ** (period - 1)
  const after = cost * (1 - rate) ** period
  return Math.max(after < salvage ? before - salvage : before - after, 0)
}

/**
 * Declining balance over the first `periods` periods (the last one possibly partial) of an
 * asset with `remaining` of its `life` left, switching to straight line over what is left once
 * that gives more, as VDB does.
 */
function declining(
  cost: number,
  salvage: number,
  life: number,
  remaining: number,
  periods: number,
  factor: number,
): number {
  const end = Math.ceil(periods)
  let left = cost - salvage
  let straight = 0
  let onStraight = false
  let total = 0
  for (let i = 1; i <= end; i++) {
    let amount: number
    if (onStraight) amount = straight
    else {
      const db = ddb(cost, salvage, life, i, factor)
      straight = left / (remaining - (i - 1))
      if (straight > db) {
        amount = straight
        onStraight = true
      } else {
        amount = db
        left -= db
      }
    }
    total += i === end ? amount * (periods + 1 - end) : amount
  }
  return total
}

/** VDB between `start` and `end` (fractions of a period prorated), as Excel computes it. */
function vdb(
  cost: number,
  salvage: number,
  life: number,
  start: number,
  end: number,
  factor: number,
  noSwitch: boolean,
): number {
  const first = Math.floor(start)
  const last = Math.ceil(end)
  if (noSwitch) {
    let total = 0
    for (let i = first + 1; i <= last; i++) {
      let amount = ddb(cost, salvage, life, i, factor)
      if (i === first + 1) amount *= Math.min(end, first + 1) - start
      else if (i === last) amount *= end + 1 - last
      total += amount
    }
    return total
  }
  let part = 0
  if (start > first) {
    const rest = cost - declining(cost, salvage, life, life, first, factor)
    part += (start - first) * declining(rest, salvage, life, life - first, 1, factor)
  }
  if (end < last) {
    const rest = cost - declining(cost, salvage, life, life, last - 1, factor)
    part += (last - end) * declining(rest, salvage, life, life - last + 1, 1, factor)
  }
  const rest = cost - declining(cost, salvage, life, life, first, factor)
  return declining(rest, salvage, life, life - first, last - first, factor) - part
}

export class DepreciationPlugin extends ExcelFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    AMORLINC: { method: 'amorlinc', parameters: ARGS },
    AMORDEGRC: { method: 'amordegrc', parameters: ARGS },
    VDB: {
      method: 'vdb',
      parameters: [
        N,
        N,
        N,
        N,
        N,
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 2 },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false },
      ],
    },
  }

  /**
   * VDB(cost, salvage, life, start_period, end_period, [factor], [no_switch]): #NUM! for a
   * negative cost or salvage, a life of 0 or less, periods outside 0..life or reversed, or a
   * factor of 0 or less.
   */
  vdb(ast: Call, state: unknown): unknown {
    return this.call(
      'VDB',
      ast,
      state,
      (
        cost: number,
        salvage: number,
        life: number,
        start: number,
        end: number,
        factor: number,
        noSwitch: boolean,
      ) => {
        if (cost < 0 || salvage < 0 || life <= 0 || factor <= 0) return numError()
        if (start < 0 || end < start || end > life) return numError()
        return vdb(cost, salvage, life, start, end, factor, noSwitch)
      },
    )
  }

  private depreciation(name: string, ast: Call, state: unknown, fn: (a: Asset) => number): unknown {
    return this.call(name, ast, state, (...args: Parameters<typeof asset>) => {
      const a = asset(...args)
      return a instanceof CellError ? a : fn(a)
    })
  }

  amorlinc(ast: Call, state: unknown): unknown {
    return this.depreciation('AMORLINC', ast, state, amorlinc)
  }

  amordegrc(ast: Call, state: unknown): unknown {
    return this.depreciation('AMORDEGRC', ast, state, amordegrc)
  }
}
