/**
 * Resolves in a later task, so the page paints and handles input in between: work that would
 * hold the main thread past 50 ms in one task is cut in two at such a point (issue 19).
 * `scheduler.yield` where there is one (it keeps the work ahead of other queued tasks), else a
 * zero timeout.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Resolves when the page is idle (`requestIdleCallback`, at most `timeoutMs` later), else in a
 * later task: for background work that should wait behind input, rendering and messages.
 */
export function idleTask(timeoutMs = 500): Promise<void> {
  if (typeof requestIdleCallback === 'function') {
    return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: timeoutMs }))
  }
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/** Runs `fn` once what is on screen now has been painted: after the next frame. */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0))
}
