/**
 * The middle of the measured runs, so one hiccup does not decide: the upper middle of an even
 * count, NaN for none.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}
