import { afterEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../src/index.js'
import { WorkbookService, type SheetChangeFanout } from '../src/workbookService.js'
import { tempDataDir } from './support/testServer.js'

/** Two nodes' fan-outs wired to each other, as Redis does (a node never hears itself). */
function linkedFanouts(): [SheetChangeFanout & { reconnect(): void }, SheetChangeFanout] {
  const listeners: Array<Array<(workbookId: string) => void>> = [[], []]
  const reconnects: Array<() => void> = []
  const fanout = (me: 0 | 1) => ({
    publishSheetsChanged: (id: string) => listeners[1 - me]!.forEach((l) => l(id)),
    onSheetsChanged: (l: (id: string) => void) => void listeners[me]!.push(l),
    onReconnect: (l: () => void) => void reconnects.push(l),
    reconnect: () => reconnects.forEach((l) => l()),
  })
  return [fanout(0), fanout(1)]
}

describe("a node's cached sheet list", () => {
  const cleanup: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c()
  })

  async function twoNodes() {
    const data = tempDataDir()
    const stores = [new SqliteStore(data.dir), new SqliteStore(data.dir)] as const
    cleanup.push(async () => {
      for (const s of stores) await s.close()
      data.remove()
    })
    const [fa, fb] = linkedFanouts()
    const a = new WorkbookService(stores[0], fa)
    const b = new WorkbookService(stores[1], fb)
    await stores[0].createWorkbook({ id: 'wb', ownerTokenHash: 'h', createdAt: 1 }, [], ['s1'])
    return { stores, a, b, fa }
  }

  const sheet = (id: string) => ({
    sheetId: id,
    doc: `sheet:wb:${id}`,
    update: new Uint8Array([0, 0]),
  })

  it('finds a sheet another node just added (a miss reads the store again)', async () => {
    const { stores, a } = await twoNodes()
    expect([...(await a.sheetIds('wb'))]).toEqual(['s1'])
    await stores[1].addSheets('wb', [sheet('s2')], 2, 200)
    expect(await a.hasSheet('wb', 's2')).toBe(true)
    expect(await a.hasSheet('wb', 'nope')).toBe(false)
  })

  it('forgets a sheet another node deleted as soon as that node says so', async () => {
    const { stores, a, b } = await twoNodes()
    await stores[0].addSheets('wb', [sheet('s2')], 2, 200)
    expect(await a.hasSheet('wb', 's2')).toBe(true)
    expect(await stores[1].deleteSheet('wb', 's2', 3)).toBe('deleted')
    b.sheetsChanged('wb')
    expect(await a.hasSheet('wb', 's2')).toBe(false)
    expect([...(await a.sheetIds('wb'))]).toEqual(['s1'])
  })

  it('after a lost connection to the other nodes, every cached list is read again', async () => {
    const { stores, a, fa } = await twoNodes()
    await stores[0].addSheets('wb', [sheet('s2')], 2, 200)
    expect(await a.hasSheet('wb', 's2')).toBe(true)
    // Deleted elsewhere while the message could not arrive.
    await stores[1].deleteSheet('wb', 's2', 3)
    expect(await a.hasSheet('wb', 's2')).toBe(true)
    fa.reconnect()
    expect(await a.hasSheet('wb', 's2')).toBe(false)
  })
})
