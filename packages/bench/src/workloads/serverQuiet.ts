import type { BenchSystem } from '../systems/benchSystem.js'
import { sleep } from '../timing/deadline.js'

const SAMPLE_MS = 500
const QUIET_CORES = 0.05

/**
 * Waits (at most `maxMs`) until the server's CPU use drops near idle, so one step's backlog
 * (e.g. messages still queued for a thousand sockets) is not billed to the next step.
 */
export async function waitForQuietServer(system: BenchSystem, maxMs: number): Promise<boolean> {
  const end = Date.now() + maxMs
  while (Date.now() < end) {
    const before = system.server.cpuSeconds()
    await sleep(SAMPLE_MS)
    if ((system.server.cpuSeconds() - before) / (SAMPLE_MS / 1000) < QUIET_CORES) return true
  }
  return false
}
