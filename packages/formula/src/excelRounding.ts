/**
 * Excel keeps 15 significant digits and rounds the decimal it shows, half away from zero. A
 * double does not: `1.005` is stored as 1.00499999999999989…, so `Math.round(1.005 * 100)` is
 * 100 where Excel's `ROUND(1.005,2)` and format `0.00` give 1.01. These helpers round the
 * 15-digit decimal instead.
 */

/** `x` as the 15-significant-digit decimal Excel shows (`0.1+0.2` -> 0.3). */
export function toExcelPrecision(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(15)) : x
}

/** Digits beyond which a double has nothing left to round. */
const EXACT_DIGITS = 15

/**
 * `x` rounded half away from zero at `digits` decimals (negative: left of the point) of its
 * 15-digit decimal value: `roundHalfAway(1.005, 2)` is 1.01, `roundHalfAway(-2.5, 0)` is -3,
 * `roundHalfAway(1234.5, -2)` is 1200.
 */
export function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x
  const d = Math.trunc(digits)
  const abs = Math.abs(toExcelPrecision(x))
  const [mantissa, exp] = abs.toExponential().split('e') as [string, string]
  // Shifting the decimal point in the text is exact; multiplying by 10^d is not.
  const scaled = Number(`${mantissa}e${Number(exp) + d}`)
  if (scaled >= 10 ** EXACT_DIGITS) return Math.sign(x) * abs
  const rounded = Math.round(scaled)
  return rounded === 0 ? 0 : Math.sign(x) * Number(`${rounded}e${-d}`)
}
