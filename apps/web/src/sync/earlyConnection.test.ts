import { afterEach, describe, expect, it } from 'vitest'
import type { SyncProvider } from '@cellmate/client'
import { recordOpened } from '../home/recentWorkbooks'
import { connectEarly, takeEarlyConnection, workbookIdFromPath } from './earlyConnection'

/** A storage in memory, as recentWorkbooks reads and writes it. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  }
}

/** An address bar: the location and the history that rewrites it. */
function addressBar(url: string): { loc: Location; hist: History; now: () => string } {
  let current = new URL(url)
  const loc = {
    get pathname() {
      return current.pathname
    },
    get search() {
      return current.search
    },
    get hash() {
      return current.hash
    },
  } as Location
  const hist = {
    state: null,
    replaceState: (_state: unknown, _unused: string, next: string) => {
      current = new URL(next, current)
    },
  } as unknown as History
  return { loc, hist, now: () => current.href }
}

/** Records the connections made instead of opening sockets. */
function fakeConnect(): {
  connect: (workbookId: string, token: string | undefined) => SyncProvider
  made: Array<{ workbookId: string; token: string | undefined; destroyed: boolean }>
} {
  const made: Array<{ workbookId: string; token: string | undefined; destroyed: boolean }> = []
  return {
    made,
    connect: (workbookId, token) => {
      const entry = { workbookId, token, destroyed: false }
      made.push(entry)
      return { destroy: () => (entry.destroyed = true) } as unknown as SyncProvider
    },
  }
}

describe('connectEarly', () => {
  afterEach(() => {
    takeEarlyConnection('')
  })

  it('connects to the workbook of an editor address with the link token, taken out of the address', () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/sheet-2#token=abc')
    const { connect, made } = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), connect)
    expect(made).toEqual([{ workbookId: 'wb_1', token: 'abc', destroyed: false }])
    expect(bar.now()).toBe('http://cellmate.test/w/wb_1/sheet-2')
    const early = takeEarlyConnection('wb_1')
    expect(early?.token).toBe('abc')
    expect(early?.provider).toBeDefined()
    // Handed over once: a later workbook page of this tab connects by itself.
    expect(takeEarlyConnection('wb_1')).toBeNull()
  })

  it('uses the token remembered for the workbook when the address has none', () => {
    const storage = memoryStorage()
    recordOpened(storage, { id: 'wb_1', token: 'remembered', openedAt: 1 })
    const bar = addressBar('http://cellmate.test/w/wb_1')
    const { connect, made } = fakeConnect()
    connectEarly(bar.loc, bar.hist, storage, connect)
    expect(made.map((m) => m.token)).toEqual(['remembered'])
    expect(takeEarlyConnection('wb_1')?.token).toBe('remembered')
  })

  it('does not connect from the home page or any other address', () => {
    const { connect, made } = fakeConnect()
    for (const url of ['http://cellmate.test/', 'http://cellmate.test/elsewhere#token=abc']) {
      const bar = addressBar(url)
      connectEarly(bar.loc, bar.hist, memoryStorage(), connect)
      expect(bar.now()).toBe(url)
    }
    expect(made).toEqual([])
    expect(takeEarlyConnection('wb_1')).toBeNull()
  })

  it('closes a connection to another workbook than the page opens', () => {
    const bar = addressBar('http://cellmate.test/w/wb_1#token=abc')
    const { connect, made } = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), connect)
    expect(takeEarlyConnection('wb_2')).toBeNull()
    expect(made[0]?.destroyed).toBe(true)
  })
})

describe('workbookIdFromPath', () => {
  it('reads the workbook id of editor addresses only', () => {
    expect(workbookIdFromPath('/w/abc')).toBe('abc')
    expect(workbookIdFromPath('/w/abc/sheet')).toBe('abc')
    expect(workbookIdFromPath('/w/')).toBeNull()
    expect(workbookIdFromPath('/')).toBeNull()
    expect(workbookIdFromPath('/w/%E0%A4%A')).toBeNull()
  })
})
