/** Intervals between animation frames while something moved, as the page saw them. */
export interface FrameStats {
  frames: number
  p50: number
  p95: number
  max: number
  /** Share of frames later than 25 ms (1.5 × a 60 Hz frame): each missed a vsync, visible jank. */
  overBudgetPct: number
}

/** A frame is late when it takes noticeably more than one 60 Hz vsync interval (16.7 ms). */
export const LATE_FRAME_MS = 16.7 * 1.5

/** Percentiles (nearest rank, never interpolated) of frame intervals in ms. */
export function frameStats(intervals: readonly number[]): FrameStats {
  const sorted = [...intervals].sort((a, b) => a - b)
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    frames: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
    overBudgetPct:
      (100 * sorted.filter((d) => d > LATE_FRAME_MS).length) / Math.max(1, sorted.length),
  }
}
