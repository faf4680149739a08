import { epochMs } from '../timing/clock.js'
import { sleep } from '../timing/deadline.js'
import { formatTimedValue } from '../clients/timedValue.js'
import { ownCell, type ClientGroup } from './clientGroup.js'
import type { EditAtRateResult } from './workerProtocol.js'

const TICK_MS = 5

/** A late tick catches up at most this much backlog: an overloaded worker offers less load. */
const MAX_CATCH_UP_MS = 50

/**
 * Makes `ratePerSecond` timed edits per second for `durationMs`, taking the group's members in
 * turn (with N members at N edits/s, each edits once a second). A late tick catches up only a
 * little, so an overloaded worker offers less load instead of bursting; the achieved rate is
 * reported next to the target.
 */
export async function editAtRate(
  group: ClientGroup,
  step: string,
  ratePerSecond: number,
  durationMs: number,
): Promise<EditAtRateResult> {
  const members = group.editors
  const started = epochMs()
  let sent = 0
  let turn = 0
  const seqs = new Map<number, number>()
  while (members.length > 0) {
    const elapsed = epochMs() - started
    if (elapsed >= durationMs) break
    const maxBurst = Math.max(members.length, Math.ceil((ratePerSecond * MAX_CATCH_UP_MS) / 1000))
    const due = Math.min(Math.floor((elapsed / 1000) * ratePerSecond) - sent, maxBurst)
    for (let k = 0; k < due; k++) {
      const m = members[turn++ % members.length]
      if (!m) break
      const seq = (seqs.get(m.index) ?? 0) + 1
      seqs.set(m.index, seq)
      const { row, col } = ownCell(m.index)
      m.editor.setCellAt(row, col, formatTimedValue(step, epochMs(), m.index, seq))
      sent++
    }
    await sleep(TICK_MS)
  }
  return { sent, ms: epochMs() - started }
}
