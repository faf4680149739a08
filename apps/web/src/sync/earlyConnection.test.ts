import { afterEach, describe, expect, it, vi } from 'vitest'
import type * as Y from 'yjs'
import type { SyncProvider, SyncedDoc } from '@cellmate/client'
import type { SheetPreview } from '@cellmate/protocol'
import { addSheet, initWorkbook } from '@cellmate/model'
import { recordOpened } from '../home/recentWorkbooks'
import {
  connectEarly,
  sheetIdFromPath,
  takeEarlyConnection,
  workbookIdFromPath,
  type EarlyOpeners,
} from './earlyConnection'
import type { PersistedDoc } from './persistedDoc'
import { WorkbookSession } from './workbookSession'

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

/** A document opened by `fakeConnect`: joined once `sync()` is called. */
interface FakeOpened {
  name: string
  doc: Y.Doc
  closed: boolean
  sync: () => void
  /** The server's first screen of the document arrives (`SyncedDoc.watchPreview`). */
  preview: (preview: SheetPreview) => void
}

/** Records the connections made and the documents opened instead of opening sockets. */
function fakeConnect(): EarlyOpeners & {
  made: Array<{ workbookId: string; token: string | undefined; destroyed: boolean }>
  opened: FakeOpened[]
  /** The server refuses a document (the provider's `error` event). */
  refuse: (doc: string, message: string) => void
} {
  const errorListeners = new Set<(doc: string, error: { code: string; message: string }) => void>()
  const made: Array<{ workbookId: string; token: string | undefined; destroyed: boolean }> = []
  const opened: FakeOpened[] = []
  return {
    made,
    opened,
    refuse: (doc, message) => {
      for (const listener of [...errorListeners]) listener(doc, { code: 'NOT_FOUND', message })
    },
    connect: (workbookId, token) => {
      const entry = { workbookId, token, destroyed: false }
      made.push(entry)
      return {
        destroy: () => (entry.destroyed = true),
        on: (event: string, listener: never) => {
          if (event === 'error') errorListeners.add(listener)
        },
        off: (event: string, listener: never) => {
          if (event === 'error') errorListeners.delete(listener)
        },
        status: { connection: 'connecting', pending: 0 },
      } as unknown as SyncProvider
    },
    openDoc: async (_provider, name, doc) => {
      let synced = (): void => {}
      const whenSynced = new Promise<void>((resolve) => (synced = resolve))
      const previewListeners = new Set<(preview: SheetPreview) => void>()
      const entry: FakeOpened = {
        name,
        doc,
        closed: false,
        sync: () => synced(),
        preview: (preview) => {
          for (const listener of [...previewListeners]) listener(preview)
        },
      }
      opened.push(entry)
      await Promise.resolve()
      return {
        name,
        doc,
        synced: {
          whenSynced: () => whenSynced,
          // Nobody else is on the document.
          awareness: { clientID: doc.clientID, on() {}, off() {}, getStates: () => new Map() },
          synced: false,
          openedEmpty: doc.store.clients.size === 0,
          preview: null,
          watchPreview: (listener: (preview: SheetPreview) => void) => {
            previewListeners.add(listener)
            return () => previewListeners.delete(listener)
          },
          flushed: () => Promise.resolve(),
        } as unknown as SyncedDoc,
        close: () => (entry.closed = true),
      } satisfies PersistedDoc
    },
  }
}

/** Lets pending promise callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

describe('connectEarly', () => {
  afterEach(() => {
    takeEarlyConnection('')
  })

  it('connects to the workbook of an editor address with the link token, taken out of the address', () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/sheet-2#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    expect(openers.made).toEqual([{ workbookId: 'wb_1', token: 'abc', destroyed: false }])
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
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, storage, openers)
    expect(openers.made.map((m) => m.token)).toEqual(['remembered'])
    expect(takeEarlyConnection('wb_1')?.token).toBe('remembered')
  })

  it('does not connect from the home page or any other address', () => {
    const openers = fakeConnect()
    for (const url of ['http://cellmate.test/', 'http://cellmate.test/elsewhere#token=abc']) {
      const bar = addressBar(url)
      connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
      expect(bar.now()).toBe(url)
    }
    expect(openers.made).toEqual([])
    expect(openers.opened).toEqual([])
    expect(takeEarlyConnection('wb_1')).toBeNull()
  })

  it('closes a connection to another workbook than the page opens, with its documents', async () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/s1#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    expect(takeEarlyConnection('wb_2')).toBeNull()
    expect(openers.made[0]?.destroyed).toBe(true)
    await settle()
    expect(openers.opened.map((o) => o.closed)).toEqual([true, true])
  })

  it("opens the workbook document and the address's sheet at once, beside each other", async () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/s1#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    await settle()
    expect(openers.opened.map((o) => o.name)).toEqual(['wb:wb_1', 'sheet:wb_1:s1'])
    expect([...(takeEarlyConnection('wb_1')?.sheets.keys() ?? [])]).toEqual(['s1'])
  })

  it('opens the first sheet once the workbook document is in, when the address names none', async () => {
    const bar = addressBar('http://cellmate.test/w/wb_1#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    await settle()
    const workbook = openers.opened[0]
    expect(openers.opened.map((o) => o.name)).toEqual(['wb:wb_1'])
    if (!workbook) throw new Error('no workbook document')
    initWorkbook(workbook.doc, 'Budget', 'first')
    addSheet(workbook.doc, { id: 'second', name: 'Sheet2' })
    workbook.sync()
    await settle()
    expect(openers.opened.map((o) => o.name)).toEqual(['wb:wb_1', 'sheet:wb_1:first'])
  })

  it('leaves the first sheet to the page once the page took the connection over', async () => {
    const bar = addressBar('http://cellmate.test/w/wb_1#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    expect(takeEarlyConnection('wb_1')).not.toBeNull()
    await settle()
    const workbook = openers.opened[0]
    if (!workbook) throw new Error('no workbook document')
    initWorkbook(workbook.doc, 'Budget', 'first')
    workbook.sync()
    await settle()
    expect(openers.opened.map((o) => o.name)).toEqual(['wb:wb_1'])
  })
})

describe('WorkbookSession over an early connection', () => {
  it('takes the early documents over instead of opening them again', async () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/s1#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    const early = takeEarlyConnection('wb_1')
    const session = new WorkbookSession('wb_1', 'abc', early)
    try {
      expect(session.workbook).toBe(openers.opened[0]?.doc)
      await session.start()
      await settle()
      const sheet = await session.openSheet('s1', () => false)
      expect(sheet?.doc).toBe(openers.opened[1]?.doc)
      sheet?.close()
      expect(openers.opened.map((o) => o.name)).toEqual(['wb:wb_1', 'sheet:wb_1:s1'])
    } finally {
      session.destroy()
    }
    await settle()
    expect(openers.made[0]?.destroyed).toBe(true)
    expect(openers.opened.map((o) => o.closed)).toEqual([true, true])
  })

  it('opens a sheet new to this browser once its whole state is in, though its first slices came before', async () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/s1#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    const session = new WorkbookSession('wb_1', 'abc', takeEarlyConnection('wb_1'))
    try {
      await session.start()
      await settle()
      const sheetDoc = openers.opened[1]
      if (!sheetDoc) throw new Error('no sheet document')
      // The join's first slice, applied while the page was still starting.
      sheetDoc.doc.getArray('rows').insert(0, ['r1'])
      let opened = false
      const opening = session
        .openSheet(
          's1',
          () => false,
          () => {},
        )
        .then((sheet) => {
          opened = true
          return sheet
        })
      await settle()
      expect(opened).toBe(false)
      sheetDoc.sync()
      const sheet = await opening
      expect(sheet?.doc).toBe(sheetDoc.doc)
      sheet?.close()
    } finally {
      session.destroy()
    }
  })

  it("shows a new sheet's first screen in a task after the one it arrived in, before the whole sheet", async () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/s1#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    const session = new WorkbookSession('wb_1', 'abc', takeEarlyConnection('wb_1'))
    const firstScreen: SheetPreview = {
      doc: 'sheet:wb_1:s1',
      rows: 1000,
      cols: 10,
      cells: [['v0', 'v1']],
      formats: [],
      colWidths: [null, null],
      rowHeights: [null],
      frozen: { rows: 0, cols: 0 },
    }
    try {
      await session.start()
      await settle()
      const sheetDoc = openers.opened[1]
      if (!sheetDoc) throw new Error('no sheet document')
      const shown: Array<{ value: string; isPreview: boolean }> = []
      const opening = session.openSheet(
        's1',
        () => false,
        (preview) => shown.push({ value: preview.read(0, 0), isPreview: preview.isPreview }),
      )
      await settle()
      sheetDoc.preview(firstScreen)
      // Built now, rendered in the next task: the two together held the page past 50 ms.
      expect(shown).toEqual([])
      await vi.waitFor(() => expect(shown).toEqual([{ value: 'v0', isPreview: true }]))
      // The sheet in right behind a first screen: that screen shows, then the whole sheet.
      sheetDoc.preview({ ...firstScreen, cells: [['next']] })
      sheetDoc.sync()
      expect(shown).toHaveLength(1)
      const sheet = await opening
      expect(shown.map((s) => s.value)).toEqual(['v0', 'next'])
      expect(sheet?.isPreview).toBe(false)
      sheet?.close()
    } finally {
      session.destroy()
    }
  })

  it('reports what the server refused before the page listened, once', () => {
    const bar = addressBar('http://cellmate.test/w/wb_1/gone#token=abc')
    const openers = fakeConnect()
    connectEarly(bar.loc, bar.hist, memoryStorage(), openers)
    openers.refuse('sheet:wb_1:gone', 'this sheet is not in the workbook')
    const session = new WorkbookSession('wb_1', 'abc', takeEarlyConnection('wb_1'))
    const reported: string[] = []
    try {
      session.watchErrors((message) => reported.push(message))
      openers.refuse('sheet:wb_1:other', 'later refusal')
      expect(reported).toEqual(['This sheet is not in the workbook.', 'Later refusal.'])
    } finally {
      session.destroy()
    }
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

  it('reads the sheet id of an address that names one', () => {
    expect(sheetIdFromPath('/w/abc/s%201')).toBe('s 1')
    expect(sheetIdFromPath('/w/abc')).toBeNull()
    expect(sheetIdFromPath('/w/abc/')).toBeNull()
    expect(sheetIdFromPath('/')).toBeNull()
  })
})
