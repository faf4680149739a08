import type { FastifyBaseLogger } from 'fastify'

/** How often a shutdown step that has not finished says so. */
export const SHUTDOWN_STILL_WAITING_MS = 5_000

/** One named part of a graceful shutdown. */
export interface ShutdownStep {
  name: string
  run: () => unknown
}

/**
 * Runs a graceful shutdown's steps in order and logs each one with how long it took. A step
 * that takes longer than `stillWaitingMs` is logged again every `stillWaitingMs`, by name, so
 * a shutdown that hangs says where (a stop that never ends is otherwise silent). A step that
 * throws stops the sequence: the error is the caller's.
 */
export async function runShutdownSteps(
  steps: readonly ShutdownStep[],
  log: FastifyBaseLogger,
  stillWaitingMs = SHUTDOWN_STILL_WAITING_MS,
): Promise<void> {
  const started = performance.now()
  for (const step of steps) {
    const t0 = performance.now()
    const watchdog = setInterval(() => {
      log.warn(
        { step: step.name, waitingMs: Math.round(performance.now() - t0) },
        'shutdown: still waiting for a step',
      )
    }, stillWaitingMs)
    watchdog.unref()
    try {
      await step.run()
    } finally {
      clearInterval(watchdog)
    }
    log.info({ step: step.name, ms: roundMs(performance.now() - t0) }, 'shutdown: step done')
  }
  log.info({ ms: roundMs(performance.now() - started) }, 'shutdown: done')
}

function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10
}
