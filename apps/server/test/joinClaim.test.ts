import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { SyncProvider } from '@cellmate/client'
import { getCell, setCell, sheetDocName, sheetTypes } from '@cellmate/model'
import { SqliteStore, type CellmateServer, type Store } from '../src/index.js'
import {
  openSheetClient,
  rest,
  startInProcess,
  tempDataDir,
  waitUntil,
} from './support/testServer.js'

/** The SQLite store, whose client id claims wait between `hold()` and `release()`. */
function gatedClaims(dir: string): {
  store: Store
  hold(): void
  release(): void
  waiting(): number
} {
  const real = new SqliteStore(dir)
  let gate: Promise<void> | null = null
  let open = (): void => {}
  let waiting = 0
  const store = new Proxy(real, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key !== 'claimClients') return value.bind(target)
      return async (...args: unknown[]) => {
        if (gate) {
          waiting++
          await gate
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return {
    store,
    hold() {
      gate = new Promise((resolve) => (open = resolve))
    },
    release() {
      gate = null
      open()
    },
    waiting: () => waiting,
  }
}

describe('a joiner waits for its own sync, not for its client id to be stored', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: CellmateServer
  let url: string
  const claims = { current: null as ReturnType<typeof gatedClaims> | null }

  beforeAll(async () => {
    data = tempDataDir()
    claims.current = gatedClaims(data.dir)
    ;({ server, url } = await startInProcess(data.dir, 0, { store: claims.current.store }))
  })
  afterAll(async () => {
    await server.close()
    data.remove()
  })

  it('answers the join while the claim is being stored; presence and writes wait for it', async () => {
    const gate = claims.current!
    const wb = await rest(url).createWorkbook('joins')
    const sheetId = wb.sheets[0]!.id
    const name = sheetDocName(wb.id, sheetId)
    const watcher = await openSheetClient(url, wb.id, sheetId, wb.token)

    gate.hold()
    const provider = new SyncProvider({
      url,
      workbookId: wb.id,
      token: wb.token,
      transports: ['websocket'],
      ackTimeoutMs: 60_000,
    })
    const doc = new Y.Doc()
    const joiner = provider.open(name, doc)
    joiner.awareness.setLocalState({ user: { name: 'Newcomer' } })
    await joiner.whenSynced()
    // The server answered while the claim of the joiner's id was still held in the store.
    expect(gate.waiting()).toBe(1)
    const rows = sheetTypes(doc).rows.toArray()
    const cols = sheetTypes(doc).cols.toArray()
    setCell(doc, rows[0]!, cols[0]!, 'typed while binding')
    // The edit claims the id itself before its ack: it waits too.
    await waitUntil(() => gate.waiting() === 2)
    expect(joiner.pending).toBeGreaterThan(0)
    expect(watcher.sheet.awareness.getStates().has(doc.clientID)).toBe(false)

    gate.release()
    await waitUntil(() => watcher.sheet.awareness.getStates().has(doc.clientID))
    await waitUntil(() => getCell(watcher.doc, rows[0]!, cols[0]!) === 'typed while binding')
    await waitUntil(() => joiner.pending === 0)
    provider.destroy()
    watcher.close()
  })
})
