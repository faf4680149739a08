import net from 'node:net'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { SheetLayout, cellKey, sheetTypes } from '@cellmate/model'
import { waitUntil } from '../support/testServer.js'
import {
  describeAck,
  forkAs,
  isRefusal,
  sheetDoc,
  updateOf,
  type Ack,
  type RawClient,
} from './attacks.js'
import { HostileBed, restOutcome } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 7 and the "degraded" list: load one anonymous client can put on the whole
 * server — an import at the cell cap, concurrent large uploads, a flood of tiny updates from
 * many sockets, slow bodies, idle sockets, `/metrics` for anyone. The server runs in its own
 * process with a capped heap; the attacker connects from another loopback address than the
 * victims, as it would from another machine; `/healthz` must answer within 1 s throughout.
 */

const ATTACKER_ADDRESS = '127.0.0.2'

function csv(rows: number, cols: number, cell: string): Uint8Array {
  const line = Array.from({ length: cols }, () => cell).join(',') + '\n'
  return new TextEncoder().encode(line.repeat(rows))
}

function setCellAt(doc: Y.Doc, row: number, value: string): void {
  const layout = new SheetLayout(doc)
  sheetTypes(doc).cells.set(cellKey(layout.rowId(row)!, layout.colId(0)!), value)
  layout.destroy()
}

describe('hostile: load from one client', () => {
  let bed: HostileBed

  // Receiving four uploads of ~19 MiB at once still holds the main thread for up to ~3 s on a
  // loaded 2-core machine (parsing and building run in the import worker; the issue measured
  // 10 s before the caps). The probe asserts the server keeps answering and prints the
  // slowest answer; the other attacks here answer well within 1 s.
  hostileSuite(
    async () =>
      (bed = await HostileBed.startProcess(
        { NODE_OPTIONS: '--max-old-space-size=1024', SOCKET_IDLE_MS: '2000' },
        { budgetMs: 10_000 },
      )),
  )

  it('a 4 MB CSV of 2,000,000 cells is imported or refused; /healthz and another workbook keep answering', async () => {
    const victimWb = await bed.workbook('victim')
    const victim = await bed.victim(victimWb)
    const file = csv(2000, 1000, '1')
    expect(file.byteLength).toBeGreaterThan(3_900_000)
    const importing = restOutcome(bed.rest().importWorkbook({ name: 'big.csv', data: file }))
    for (let i = 1; i <= 5; i++) {
      victim.edit({ [`A${i}`]: `during the import ${i}` })
      await victim.flushed()
    }
    const outcome = await importing
    process.stdout.write(`2,000,000-cell import: ${outcome}\n`)
    expect(outcome === 'ok' || /^4\d\d [A-Z_]+$/.test(outcome), outcome).toBe(true)
    await bed.expectUnharmed(victimWb, [victim])
  }, 300_000)

  it('four concurrent uploads over the byte cap are refused; four just under it are answered', async () => {
    const over = csv(1, 1, 'x'.repeat(21 * 1024 * 1024))
    // Refused with 413, or cut off while still uploading (the server answers 413 and closes
    // before the body is in, which fetch reports as a failed request).
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        restOutcome(bed.rest().importWorkbook({ name: `over${i}.csv`, data: over })).catch(
          (err: Error) => `closed: ${err.message}`,
        ),
      ),
    )
    for (const o of outcomes) expect(o).toMatch(/^(413 |closed: fetch failed)/)
    // Long cells, few of them: 19 MiB each.
    const under = csv(400, 1, 'y'.repeat(49_000))
    expect(under.byteLength).toBeGreaterThan(18 * 1024 * 1024)
    const answers = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        restOutcome(bed.rest().importWorkbook({ name: `under${i}.csv`, data: under })),
      ),
    )
    for (const a of answers) expect(a === 'ok' || /^(4\d\d|503) [A-Z_]+$/.test(a), a).toBe(true)
    await bed.expectHealthy()
  }, 300_000)

  it('20 sockets flooding tiny updates: every one answered (ok or RATE_LIMITED), another workbook keeps saving', async () => {
    const own = await bed.workbook('flood')
    const doc = sheetDoc(own.id, own.sheetId)
    const sockets: RawClient[] = []
    for (let i = 0; i < 20; i++) sockets.push(await bed.attacker(own, own.token, ATTACKER_ADDRESS))
    const victimWb = await bed.workbook('victim during the flood')
    const victim = await bed.victim(victimWb)
    let stop = false
    const answers = new Map<string, number>()
    const floods = sockets.map(async (s, i) => {
      const replica = forkAs(await s.mirror(doc))
      let n = 0
      while (!stop && n < 2000) {
        const update = updateOf(replica, (d) => setCellAt(d, i, `socket ${i} #${n++}`))
        const ack: Ack = await s.send(doc, update, 30_000)
        const key = ack.ok ? 'ok' : (ack.error?.code ?? 'none')
        answers.set(key, (answers.get(key) ?? 0) + 1)
        if (!ack.ok && !isRefusal(ack) && ack.error?.code !== 'RATE_LIMITED') {
          throw new Error(describeAck(ack))
        }
      }
    })
    for (let i = 1; i <= 10; i++) {
      victim.edit({ [`A${i}`]: `during the flood ${i}` })
      await victim.flushed()
    }
    stop = true
    await Promise.all(floods)
    expect(answers.get('ok') ?? 0).toBeGreaterThan(0)
    await bed.expectUnharmed(victimWb, [victim])
  }, 300_000)

  it('/metrics is not served on the public port', async () => {
    const res = await fetch(`${bed.url}/metrics`)
    expect(res.status).toBe(404)
  })

  it('a POST whose body trickles in forever is ended by the server', async () => {
    // A server of its own with a short request timeout, so the test does not wait minutes.
    const slow = await HostileBed.startProcess({ REQUEST_TIMEOUT_MS: '5000' })
    const { port } = new URL(slow.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    let closed = false
    let answer = ''
    socket.on('data', (d: Buffer) => (answer += d.toString()))
    socket.on('close', () => (closed = true))
    socket.on('error', () => (closed = true))
    await new Promise((r) => socket.once('connect', r))
    socket.write(
      'POST /api/workbooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    )
    const trickle = setInterval(() => socket.write(' '), 500)
    try {
      await waitUntil(() => closed || answer.length > 0, 60_000, 100)
    } finally {
      clearInterval(trickle)
      socket.destroy()
    }
    expect(closed || /^HTTP\/1.1 (408|400|413)/.test(answer), answer.slice(0, 100)).toBe(true)
    await slow.expectHealthy()
    await slow.close()
  }, 120_000)

  it('one address holds a bounded number of sync connections; idle ones are dropped', async () => {
    const wb = await bed.workbook('many sockets')
    const token = await bed.editToken(wb)
    const outcomes = await Promise.all(
      Array.from({ length: 120 }, () =>
        bed.attacker(wb, token, ATTACKER_ADDRESS).then(
          (raw) => raw,
          (err: Error & { code?: string }) => err.code ?? err.message,
        ),
      ),
    )
    const connected = outcomes.filter((o): o is RawClient => typeof o !== 'string')
    const refused = outcomes.filter((o) => typeof o === 'string')
    expect(refused.length, 'connections over the per-address cap').toBeGreaterThan(0)
    // None of them opened a document: the server drops them.
    await waitUntil(() => connected.every((c) => !c.socket.connected), 30_000)
    // Others (another address) are not affected.
    expect(await restOutcome(bed.rest(wb.token).getWorkbook(wb.id))).toBe('ok')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'still works' })
    await victim.flushed()
    await bed.expectUnharmed(wb, [victim])
  }, 120_000)
})
