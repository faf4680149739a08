import type { CellError } from 'hyperformula'
import { divError, naError, numError } from './excelFunctionPlugin.js'

/**
 * The statistics SUBTOTAL and AGGREGATE choose between by number, over the numbers they kept.
 * Each follows the Excel function of the same name: empty input gives what that function gives
 * for an empty range (`#DIV/0!` for AVERAGE, 0 for SUM and MAX, `#NUM!` for MEDIAN, …).
 */

/** Values after filtering: the numbers and how many non-empty cells there were (COUNTA). */
export interface Kept {
  numbers: number[]
  nonEmpty: number
}

function sum(xs: readonly number[]): number {
  let s = 0
  for (const x of xs) s += x
  return s
}

/** Sum of squared deviations from the mean (two passes, no cancellation). */
function deviations(xs: readonly number[]): number {
  const mean = sum(xs) / xs.length
  let s = 0
  for (const x of xs) s += (x - mean) ** 2
  return s
}

function variance(xs: readonly number[], sample: boolean): number | CellError {
  const n = xs.length - (sample ? 1 : 0)
  return n < 1 ? divError() : deviations(xs) / n
}

function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b)
}

export function median(xs: readonly number[]): number | CellError {
  if (xs.length === 0) return numError()
  const s = sorted(xs)
  const mid = s.length >> 1
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/**
 * MODE.SNGL: the most repeated value; among equally repeated ones, the one that comes first
 * (`{1,2,2,1}` is 1). #N/A when nothing repeats.
 */
export function mode(xs: readonly number[]): number | CellError {
  const counts = new Map<number, number>()
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
  let best: number | undefined
  let bestCount = 1
  for (const x of xs) {
    const c = counts.get(x) as number
    if (c > bestCount) {
      best = x
      bestCount = c
    }
  }
  return best ?? naError('No value repeats.')
}

/** k-th largest (k from 1); #NUM! when k is out of range. */
export function large(xs: readonly number[], k: number): number | CellError {
  const i = Math.ceil(k)
  if (i < 1 || i > xs.length) return numError()
  return sorted(xs)[xs.length - i] as number
}

export function small(xs: readonly number[], k: number): number | CellError {
  const i = Math.ceil(k)
  if (i < 1 || i > xs.length) return numError()
  return sorted(xs)[i - 1] as number
}

/** Linear interpolation at a 0-based fractional `rank` of sorted values. */
function interpolate(s: readonly number[], rank: number): number {
  const lo = Math.floor(rank)
  const a = s[lo] as number
  const b = s[Math.min(lo + 1, s.length - 1)] as number
  return a + (rank - lo) * (b - a)
}

export function percentileInc(xs: readonly number[], k: number): number | CellError {
  if (xs.length === 0 || k < 0 || k > 1) return numError()
  return interpolate(sorted(xs), k * (xs.length - 1))
}

export function percentileExc(xs: readonly number[], k: number): number | CellError {
  const n = xs.length
  const rank = k * (n + 1)
  if (n === 0 || k <= 0 || k >= 1 || rank < 1 || rank > n) return numError()
  return interpolate(sorted(xs), rank - 1)
}

export function quartileInc(xs: readonly number[], q: number): number | CellError {
  const quart = Math.trunc(q)
  return quart < 0 || quart > 4 ? numError() : percentileInc(xs, quart / 4)
}

export function quartileExc(xs: readonly number[], q: number): number | CellError {
  const quart = Math.trunc(q)
  return quart < 1 || quart > 3 ? numError() : percentileExc(xs, quart / 4)
}

/** Functions 1–13 (SUBTOTAL's 1–11 are the same): a statistic of the kept values. */
const STATISTICS: Record<number, (kept: Kept) => number | CellError> = {
  1: ({ numbers }) => (numbers.length === 0 ? divError() : sum(numbers) / numbers.length),
  2: ({ numbers }) => numbers.length,
  3: ({ nonEmpty }) => nonEmpty,
  4: ({ numbers }) => (numbers.length === 0 ? 0 : Math.max(...numbers)),
  5: ({ numbers }) => (numbers.length === 0 ? 0 : Math.min(...numbers)),
  6: ({ numbers }) => (numbers.length === 0 ? 0 : numbers.reduce((p, x) => p * x, 1)),
  7: ({ numbers }) => {
    const v = variance(numbers, true)
    return typeof v === 'number' ? Math.sqrt(v) : v
  },
  8: ({ numbers }) => {
    const v = variance(numbers, false)
    return typeof v === 'number' ? Math.sqrt(v) : v
  },
  9: ({ numbers }) => sum(numbers),
  10: ({ numbers }) => variance(numbers, true),
  11: ({ numbers }) => variance(numbers, false),
  12: ({ numbers }) => median(numbers),
  13: ({ numbers }) => mode(numbers),
}

/** Functions 14–19, which take a second argument `k`. */
const WITH_K: Record<number, (xs: readonly number[], k: number) => number | CellError> = {
  14: large,
  15: small,
  16: percentileInc,
  17: quartileInc,
  18: percentileExc,
  19: quartileExc,
}

/** True for AGGREGATE's functions that need `k` (LARGE, SMALL, PERCENTILE.*, QUARTILE.*). */
export function takesK(fn: number): boolean {
  return fn in WITH_K
}

/** AGGREGATE function `fn` (1–19) over the kept values; `k` for 14–19. */
export function aggregate(fn: number, kept: Kept, k?: number): number | CellError {
  const withK = WITH_K[fn]
  if (withK) return k === undefined ? numError() : withK(kept.numbers, k)
  const statistic = STATISTICS[fn]
  return statistic ? statistic(kept) : numError()
}
