/**
 * The least-squares line through (i, values[i]), as Excel's and Sheets' fill continues a
 * trend: evenly stepped values continue by their step, uneven ones by their best fit.
 */
export function linearTrend(values: readonly number[]): (i: number) => number {
  const n = values.length
  const meanX = (n - 1) / 2
  const meanY = values.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  values.forEach((y, i) => {
    sxy += (i - meanX) * (y - meanY)
    sxx += (i - meanX) * (i - meanX)
  })
  const slope = sxx === 0 ? 0 : sxy / sxx
  return (i) => meanY + slope * (i - meanX)
}

/** A clean decimal for a computed step (0.1 + 0.2 shows as 0.3). */
export function formatStep(x: number): string {
  return String(Number(x.toPrecision(15)))
}
