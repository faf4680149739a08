import type { SheetClient } from '../clients/sheetClient.js'
import type { EditIntent, InsertIntent } from '../stats/placementAudit.js'
import { sleep, withTimeout } from '../timing/deadline.js'
import type { ClientGroup } from './clientGroup.js'
import { seededRandom } from './seededRandom.js'
import type { ConcurrentOpsResult, WorkerCommand } from './workerProtocol.js'

type Script = Extract<WorkerCommand, { type: 'concurrentOps' }>

/** Labels in column 0 of the first `viewRows` rows of what `client` sees now. */
function labelsInView(client: SheetClient, viewRows: number): string[] {
  return client.view(1, viewRows).map((row) => row[0] ?? '')
}

/**
 * One user of the correctness script: at random moments, either inserts a labelled row at a
 * random position among the labelled rows, or writes a unique value into its own column of a
 * labelled row it has not written yet — always by what it sees at that moment, as a person
 * would. Records what each action meant (which labelled row), for the audit.
 */
async function runUser(
  client: SheetClient,
  index: number,
  script: Script,
): Promise<{ edits: EditIntent[]; inserts: InsertIntent[]; acked: boolean }> {
  const random = seededRandom(script.seed * 1000 + index)
  const col = 1 + index
  const edits: EditIntent[] = []
  const inserts: InsertIntent[] = []
  const written = new Set<string>()
  for (let k = 0; k < script.ops; k++) {
    await sleep(Math.floor(random() * 2 * script.meanGapMs))
    const labels = labelsInView(client, script.viewRows)
    let lastLabelled = -1
    labels.forEach((l, i) => {
      if (l !== '') lastLabelled = i
    })
    if (random() < script.insertProbability) {
      const label = `n${index}.${k}`
      client.insertRowAt(Math.floor(random() * (lastLabelled + 2)), label)
      inserts.push({ label, acked: false })
      continue
    }
    const candidates: number[] = []
    labels.forEach((l, i) => {
      if (l !== '' && !written.has(l)) candidates.push(i)
    })
    const row = candidates[Math.floor(random() * candidates.length)]
    if (row === undefined) continue
    const rowLabel = labels[row] as string
    const value = `e${index}.${k}`
    client.setCellAt(row, col, value)
    written.add(rowLabel)
    edits.push({ value, rowLabel, col, acked: false })
  }
  let acked = true
  try {
    await withTimeout(client.acked(), script.ackTimeoutMs, 'final ack')
  } catch {
    acked = false
  }
  return { edits, inserts, acked }
}

/** Runs the correctness script for every member of the group at once. */
export async function concurrentOps(
  group: ClientGroup,
  script: Script,
): Promise<ConcurrentOpsResult> {
  const users = await Promise.all(group.members.map((m) => runUser(m.client, m.index, script)))
  const result: ConcurrentOpsResult = { edits: [], inserts: [], unackedClients: 0 }
  for (const u of users) {
    if (!u.acked) result.unackedClients++
    for (const e of u.edits) result.edits.push({ ...e, acked: u.acked })
    for (const i of u.inserts) result.inserts.push({ ...i, acked: u.acked })
  }
  return result
}
