import { epochMs } from '../timing/clock.js'
import { sleep } from '../timing/deadline.js'
import { formatTimedValue } from '../clients/timedValue.js'
import { ownCell, type ClientGroup } from './clientGroup.js'
import { seededRandom } from './seededRandom.js'
import type { EditAtRateResult } from './workerProtocol.js'

const TICK_MS = 5

/** A late tick catches up at most this much backlog: an overloaded worker offers less load. */
const MAX_CATCH_UP_MS = 50

/**
 * Makes `ratePerSecond` timed edits per second for `durationMs`, taking the group's members in
 * turn (with N members at N edits/s, each edits once a second).
 *
 * Without `arrivalSeed` the edits are evenly paced, checked every few milliseconds: a load, as
 * the throughput steps want. With it they come at independent random moments
 * (`independentArrivals`), as separate people's edits do: every load worker starts a step at
 * the same moment, so evenly paced workers send their edits in step — with two workers, each
 * edit met another at the server within a millisecond or so, and a latency row measured the
 * second edit of each pair waiting for the first (the bench README, "How the load is
 * generated").
 *
 * Either way a worker that falls behind catches up only a little, so an overloaded worker
 * offers less load instead of bursting; the achieved rate is reported next to the target.
 */
export async function editAtRate(
  group: ClientGroup,
  step: string,
  ratePerSecond: number,
  durationMs: number,
  arrivalSeed?: number,
): Promise<EditAtRateResult> {
  const members = group.editors
  const started = epochMs()
  let sent = 0
  let turn = 0
  const seqs = new Map<number, number>()
  const edit = (): boolean => {
    const m = members[turn++ % members.length]
    if (!m) return false
    const seq = (seqs.get(m.index) ?? 0) + 1
    seqs.set(m.index, seq)
    const { row, col } = ownCell(m.index)
    m.editor.setCellAt(row, col, formatTimedValue(step, epochMs(), m.index, seq))
    sent++
    return true
  }
  if (arrivalSeed !== undefined) {
    const nextGap = independentArrivals(arrivalSeed, ratePerSecond)
    let dueAt = nextGap()
    while (members.length > 0 && dueAt < durationMs) {
      const elapsed = epochMs() - started
      if (elapsed >= durationMs) break
      if (elapsed < dueAt) {
        await sleep(dueAt - elapsed)
        continue
      }
      // Far behind (an overloaded worker): the edits it missed are not made; the process has
      // no memory, so it goes on from now.
      if (elapsed - dueAt > MAX_CATCH_UP_MS) dueAt = elapsed
      if (!edit()) break
      dueAt += nextGap()
    }
    return { sent, ms: epochMs() - started }
  }
  while (members.length > 0) {
    const elapsed = epochMs() - started
    if (elapsed >= durationMs) break
    const maxBurst = Math.max(members.length, Math.ceil((ratePerSecond * MAX_CATCH_UP_MS) / 1000))
    const due = Math.min(Math.floor((elapsed / 1000) * ratePerSecond) - sent, maxBurst)
    for (let k = 0; k < due; k++) if (!edit()) break
    await sleep(TICK_MS)
  }
  return { sent, ms: epochMs() - started }
}

/**
 * The gaps (ms) between the edits of a Poisson process at `ratePerSecond`: independent and
 * exponentially distributed, the same sequence for the same seed. Workers with different
 * seeds make a merged stream that is again a Poisson process, at the sum of their rates.
 */
export function independentArrivals(seed: number, ratePerSecond: number): () => number {
  const random = seededRandom(seed)
  const meanMs = 1000 / ratePerSecond
  return () => -Math.log(1 - random()) * meanMs
}
