import { LatencyHistogram } from '../stats/latencyHistogram.js'
import { epochMs } from '../timing/clock.js'
import { withTimeout } from '../timing/deadline.js'
import { formatTimedValue } from '../clients/timedValue.js'
import { ownCell, type ClientGroup } from './clientGroup.js'
import type { ClosedLoopResult } from './workerProtocol.js'

/**
 * Each member edits its own cell, waits for the server's acknowledgement, and edits again, for
 * `durationMs` (or `maxEdits` edits): the time to each ack is what persisting before acking
 * costs a user.
 */
export async function closedLoop(
  group: ClientGroup,
  step: string,
  durationMs: number,
  ackTimeoutMs: number,
  maxEdits = Infinity,
): Promise<ClosedLoopResult> {
  const acks = new LatencyHistogram()
  const lastAcked: ClosedLoopResult['lastAcked'] = []
  let timeouts = 0
  const end = epochMs() + durationMs
  await Promise.all(
    group.members.map(async ({ index, client }) => {
      const { row, col } = ownCell(index)
      let last: string | null = null
      for (let seq = 1; seq <= maxEdits && epochMs() < end; seq++) {
        const t0 = epochMs()
        const value = formatTimedValue(step, t0, index, seq)
        client.setCellAt(row, col, value)
        try {
          await withTimeout(client.acked(), ackTimeoutMs, 'ack')
        } catch {
          timeouts++
          break
        }
        acks.record(epochMs() - t0)
        last = value
      }
      if (last !== null) lastAcked.push({ row, col, value: last })
    }),
  )
  return { acks: acks.toData(), lastAcked, timeouts }
}
