import { describe, expect, it } from 'vitest'
import { SqliteStore, type Store } from '../../src/index.js'
import { waitUntil } from '../support/testServer.js'
import type * as Y from 'yjs'
import { SheetLayout, cellKey, sheetTypes } from '@cellmate/model'
import { craft, describeAck, sheetDoc } from './attacks.js'
import { HostileBed, restOutcome } from './hostileBed.js'
import { hostileSuite } from './hostileSuite.js'

/**
 * Issue 13, case 8: a refused edit stays in memory. With the disk full, a REST write answered
 * 503 STORAGE_FAILED, yet the next read showed the refused value, another user overwrote it
 * and was acknowledged, and after a restart that acknowledged edit was gone. The store here is
 * the real SQLite store behind a switch that makes every write fail as a full disk does.
 */

/** Store methods that only read; every other call is a write, and fails while the disk is full. */
const READS = new Set([
  'loadDoc',
  'countEntries',
  'getWorkbook',
  'listSheets',
  'listLinks',
  'findLinkByTokenHash',
  'loadClientOwners',
  'close',
])

function setFirstCell(doc: Y.Doc, value: string): void {
  const layout = new SheetLayout(doc)
  sheetTypes(doc).cells.set(cellKey(layout.rowId(0)!, layout.colId(0)!), value)
  layout.destroy()
}

class FullDisk {
  full = false

  /** `store`, whose writes reject with SQLite's "database or disk is full" while `full`. */
  wrap(store: Store): Store {
    return new Proxy(store, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target)
        if (typeof value !== 'function') return value
        return (...args: unknown[]): unknown => {
          if (this.full && typeof key === 'string' && !READS.has(key)) {
            return Promise.reject(
              Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
            )
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
  }
}

describe('hostile: a store that cannot write', () => {
  let bed: HostileBed
  let disk: FullDisk

  hostileSuite(
    async () => {
      disk = new FullDisk()
      // While the disk is full, /healthz answers 503 (degraded): an answer, within the budget.
      bed = await HostileBed.start({}, { acceptStatus: [200, 503] })
      await bed.restart({ store: disk.wrap(new SqliteStore(bed.dataDir)) })
      // The restart's own downtime is not an answer the attacks are judged by.
      await bed.resetProbe()
      return bed
    },
    { afterEach: () => (disk.full = false) },
  )

  it('a refused write is never visible, nothing depending on it is acknowledged, and the edits acknowledged after recovery survive a restart', async () => {
    const wb = await bed.workbook('full disk')
    const owner = bed.rest(wb.token)
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'stored' })
    await victim.flushed()
    const other = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await other.mirror(doc)

    disk.full = true
    // REST write: refused with STORAGE_FAILED, and the next read does not show it.
    expect(await restOutcome(owner.writeCells(wb.id, wb.sheetId, { A1: 'refused' }))).toBe(
      '503 STORAGE_FAILED',
    )
    expect((await owner.readCells(wb.id, wb.sheetId, 'A1')).inputs).toEqual([['stored']])
    // /healthz reports the store, and creating a workbook is refused the same way (not 500).
    const health = await fetch(`${bed.url}/healthz`)
    expect(health.status).toBe(503)
    expect(await restOutcome(bed.rest().createWorkbook('on a full disk'))).toBe(
      '503 STORAGE_FAILED',
    )
    // Edits over sync are not acknowledged while nothing can be stored: the victim's stays
    // pending, another user's is answered STORAGE_FAILED.
    victim.edit({ A1: 'overwritten while full', B1: 'also while full' })
    const ack = await other.send(
      doc,
      craft(mirror, (d) => setFirstCell(d, 'other while full')),
    )
    expect(ack.error?.code, describeAck(ack)).toBe('STORAGE_FAILED')
    expect(victim.provider.status.pending).toBeGreaterThan(0)
    const read = await bed.read(wb)
    expect(read.grid.get('A1'), 'an unstored edit is visible to a reader').toBe('stored')
    expect(Object.values(read.cells)).not.toContain('refused')
    expect(Object.values(read.cells)).not.toContain('other while full')
    expect((await owner.readCells(wb.id, wb.sheetId, 'A1:B1')).inputs).toEqual([['stored', '']])
    await bed.expectHealthy()

    // The disk recovers: the pending edit goes through, nothing refused comes back.
    disk.full = false
    await victim.flushed()
    await waitUntil(async () => (await fetch(`${bed.url}/healthz`)).status === 200)
    expect(victim.refusals).toEqual([])
    expect((await owner.readCells(wb.id, wb.sheetId, 'A1:B1')).inputs).toEqual([
      ['overwritten while full', 'also while full'],
    ])
    await bed.expectUnharmed(wb, [victim])

    // A restart loads only what was stored: the acknowledged edits, never the refused one.
    await bed.restart({ store: disk.wrap(new SqliteStore(bed.dataDir)) })
    await bed.resetProbe()
    const after = await bed.read(wb)
    expect(Object.values(after.cells)).not.toContain('refused')
    await bed.expectAcknowledgedPresent(wb, victim)
    await bed.expectConverged(wb, [victim])
  }, 60_000)

  it('a sync update refused for storage is not relayed to the room and not shown to a joiner', async () => {
    const wb = await bed.workbook('full disk over sync')
    const victim = await bed.victim(wb)
    victim.edit({ A1: 'stored' })
    await victim.flushed()
    const watcher = await bed.victim(wb)
    watcher.label = 'the watcher'

    const other = await bed.attacker(wb)
    const doc = sheetDoc(wb.id, wb.sheetId)
    const mirror = await other.mirror(doc)

    disk.full = true
    victim.edit({ A2: 'never stored' })
    const ack = await other.send(
      doc,
      craft(mirror, (d) => setFirstCell(d, 'never stored either')),
    )
    expect(ack.error?.code, describeAck(ack)).toBe('STORAGE_FAILED')
    // The refused update would have been relayed before its ack: the watcher has nothing.
    expect(Object.values(watcher.rawCells()), 'a refused update was relayed').not.toContain(
      'never stored either',
    )
    const read = Object.values((await bed.read(wb)).cells)
    expect(read).not.toContain('never stored')
    expect(read).not.toContain('never stored either')
    disk.full = false
    await victim.flushed()
    await bed.expectUnharmed(wb, [victim, watcher])
  })
})
