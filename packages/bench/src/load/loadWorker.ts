/**
 * Entry point of a load worker: a child process that runs a share of the simulated users, so the
 * users' own CPU work (decoding every broadcast) is spread over processes instead of distorting
 * one. Obeys `WorkerCommand`s from the orchestrator over IPC.
 */
import { ClientGroup } from './clientGroup.js'
import { closedLoop } from './closedLoop.js'
import { concurrentOps } from './concurrentOps.js'
import { editAtRate } from './rateEditing.js'
import type { WorkerCommand, WorkerReply } from './workerProtocol.js'

const group = new ClientGroup()
// y-websocket's provider adds a process 'exit' listener per instance; hundreds are expected here.
process.setMaxListeners(0)

async function run(cmd: WorkerCommand): Promise<unknown> {
  switch (cmd.type) {
    case 'connect':
      group.disconnect()
      return group.connect(cmd.room, cmd.kind, cmd.count, cmd.firstIndex, cmd.timeoutMs)
    case 'editAtRate':
      return editAtRate(group, cmd.step, cmd.ratePerSecond, cmd.durationMs, cmd.arrivalSeed)
    case 'stats': {
      const s = group.stats(cmd.step)
      return { received: s.received, histogram: s.histogram.toData() }
    }
    case 'concurrentOps':
      return concurrentOps(group, cmd)
    case 'views':
      return group.members.map((m) => m.client.view(cmd.cols, cmd.rows))
    case 'closedLoop':
      return closedLoop(group, cmd.step, cmd.durationMs, cmd.ackTimeoutMs, cmd.maxEdits)
    case 'disconnect':
      group.disconnect()
      return null
  }
}

process.on('message', (raw: { id: number; command: WorkerCommand }) => {
  run(raw.command).then(
    (result) => process.send?.({ id: raw.id, ok: true, result } satisfies WorkerReply),
    (err: unknown) =>
      process.send?.({
        id: raw.id,
        ok: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies WorkerReply),
  )
})
process.on('disconnect', () => {
  group.disconnect()
  process.exit(0)
})
