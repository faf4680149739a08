import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CellmateError } from '@cellmate/protocol'
import { SHEET_ROOTS, initSheet, initWorkbook, sheetTypes, workbookTypes } from '@cellmate/model'
import { BatchOverlay } from './batchOverlay.js'
import { checkSheetUpdate } from './sheetUpdateCheck.js'
import { checkWorkbookUpdate } from './workbookUpdateCheck.js'

const LIMITS = { maxRows: 1000, maxCols: 100 }

/** The server's copy of a sheet with a few rows, columns and one cell. */
function serverSheet(): Y.Doc {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 5, cols: 3 })
  const { rows, cols, cells } = sheetTypes(doc)
  cells.set(`${rows.get(0)}:${cols.get(0)}`, 'victim')
  return doc
}

/** An attacker's replica, synced from the server: its edits build on the real document. */
function replicaOf(server: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
  return doc
}

/** The update of one transaction made on `doc`. */
function edit(doc: Y.Doc, fn: () => void): Uint8Array {
  const updates: Uint8Array[] = []
  const on = (u: Uint8Array): void => void updates.push(u)
  doc.on('update', on)
  doc.transact(fn)
  doc.off('update', on)
  return Y.mergeUpdates(updates)
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn()
    return null
  } catch (err) {
    if (err instanceof CellmateError) return err.code
    throw err
  }
}

/** An update that holds only a delete set: `ranges` of `client`. */
function deleteSetUpdate(client: number, ranges: Array<[number, number]>): Uint8Array {
  const bytes: number[] = []
  const varUint = (n: number): void => {
    while (n > 0x7f) {
      bytes.push(0x80 | (n & 0x7f))
      n = Math.floor(n / 128)
    }
    bytes.push(n)
  }
  varUint(0) // no structs
  varUint(1) // one client in the delete set
  varUint(client)
  varUint(ranges.length)
  for (const [clock, len] of ranges) {
    varUint(clock)
    varUint(len)
  }
  return new Uint8Array(bytes)
}

describe('a sheet update checked against the live document', () => {
  it('refuses a number inserted into the cell log after a cell, though it names no parent', () => {
    const server = serverSheet()
    const attacker = replicaOf(server)
    const { cells } = sheetTypes(attacker)
    const update = edit(attacker, () => cells.array.insert(1, [42]))
    // The insert's struct carries only its left origin (the victim's entry).
    const item = Y.decodeUpdate(update).structs[0] as Y.Item
    expect(item.parent).toBeNull()
    expect(codeOf(() => checkSheetUpdate(server, update, LIMITS))).toBe('INVALID_UPDATE')
  })

  it('refuses a nested type or a malformed entry inserted before a cell', () => {
    const server = serverSheet()
    for (const value of [new Y.Map(), 'no input separator', 'row 1:col 1:x']) {
      const attacker = replicaOf(server)
      const { cells } = sheetTypes(attacker)
      const update = edit(attacker, () => cells.array.insert(0, [value]))
      expect(codeOf(() => checkSheetUpdate(server, update, LIMITS))).toBe('INVALID_UPDATE')
    }
  })

  it('accepts an ordinary overwrite, and a write in the old layout (the cells map)', () => {
    const server = serverSheet()
    const editor = replicaOf(server)
    const { rows, cols, cells } = sheetTypes(editor)
    const key = `${rows.get(0)}:${cols.get(0)}`
    const overwrite = edit(editor, () => cells.set(key, 'mine now'))
    expect(checkSheetUpdate(server, overwrite, LIMITS).writers).toEqual(new Set([editor.clientID]))
    const old = replicaOf(server)
    const legacy = edit(old, () => old.getMap(SHEET_ROOTS.legacyCells).set(key, 'old tab'))
    expect(checkSheetUpdate(server, legacy, LIMITS).writers).toEqual(new Set([old.clientID]))
  })

  it('refuses a non-id inserted into the middle of the rows, and accepts a real row id', () => {
    const server = serverSheet()
    const attacker = replicaOf(server)
    const rows = sheetTypes(attacker).rows as Y.Array<unknown>
    const bad = edit(attacker, () => rows.insert(2, [7]))
    expect((Y.decodeUpdate(bad).structs[0] as Y.Item).parent).toBeNull()
    expect(codeOf(() => checkSheetUpdate(server, bad, LIMITS))).toBe('INVALID_UPDATE')

    const honest = replicaOf(server)
    const good = edit(honest, () => sheetTypes(honest).rows.insert(2, ['r9.1']))
    expect(checkSheetUpdate(server, good, LIMITS).writers).toEqual(new Set([honest.clientID]))
  })

  it('accepts an honest overwrite and a format, and reports who wrote them', () => {
    const server = serverSheet()
    const editor = replicaOf(server)
    const { rows, cols, cells } = sheetTypes(editor)
    const update = edit(editor, () => cells.set(`${rows.get(0)}:${cols.get(0)}`, 'mine'))
    expect(checkSheetUpdate(server, update, LIMITS).writers).toEqual(new Set([editor.clientID]))
  })

  it('refuses structs whose earlier clocks the server does not have', () => {
    const server = serverSheet()
    const attacker = replicaOf(server)
    const { rows, cols, cells } = sheetTypes(attacker)
    edit(attacker, () => cells.set(`${rows.get(1)}:${cols.get(1)}`, 'first'))
    const second = edit(attacker, () => cells.set(`${rows.get(2)}:${cols.get(1)}`, 'second'))
    expect(codeOf(() => checkSheetUpdate(server, second, LIMITS))).toBe('OUT_OF_ORDER')
  })

  it("refuses a delete set for another client's clocks that do not exist yet", () => {
    const server = serverSheet()
    const victim = [...Y.decodeStateVector(Y.encodeStateVector(server)).keys()][0] as number
    const state = Y.getState(server.store, victim)
    const ahead = deleteSetUpdate(victim, [[state, 1_000_000]])
    expect(codeOf(() => checkSheetUpdate(server, ahead, LIMITS))).toBe('OUT_OF_ORDER')
    // Deleting what exists is an ordinary edit.
    expect(codeOf(() => checkSheetUpdate(server, deleteSetUpdate(victim, [[0, 1]]), LIMITS))).toBe(
      null,
    )
  })

  it('lets the next update of a batch build on the one before it', () => {
    const server = serverSheet()
    const editor = replicaOf(server)
    const { rows, cols, cells } = sheetTypes(editor)
    const first = edit(editor, () => rows.insert(1, ['n1.1']))
    const second = edit(editor, () => cells.set(`n1.1:${cols.get(0)}`, 'x'))
    const third = edit(editor, () => cells.array.push([9]))
    const overlay = new BatchOverlay()
    overlay.add(checkSheetUpdate(server, first, LIMITS, overlay))
    overlay.add(checkSheetUpdate(server, second, LIMITS, overlay))
    // The insert's origin is in the batch, not the document: still resolved, still refused.
    expect(codeOf(() => checkSheetUpdate(server, third, LIMITS, overlay))).toBe('INVALID_UPDATE')
    expect(codeOf(() => checkSheetUpdate(server, second, LIMITS))).toBe('OUT_OF_ORDER')
  })

  it('resolves through a long batch, and through an update that repeats part of it', () => {
    const server = serverSheet()
    const editor = replicaOf(server)
    const { rows, cols, cells } = sheetTypes(editor)
    const before = Y.encodeStateVector(server)
    const overlay = new BatchOverlay()
    for (let i = 0; i < 200; i++) {
      const insert = edit(editor, () => rows.insert(1, [`n${i}.1`]))
      overlay.add(checkSheetUpdate(server, insert, LIMITS, overlay))
    }
    expect(overlay.addedRows).toBe(200)
    const cell = edit(editor, () => cells.set(`n0.1:${cols.get(0)}`, 'first row of the batch'))
    overlay.add(checkSheetUpdate(server, cell, LIMITS, overlay))
    // A reconnecting tab sends its whole diff again: every struct of the batch, repeated.
    const again = Y.encodeStateAsUpdate(editor, before)
    overlay.add(checkSheetUpdate(server, again, LIMITS, overlay))
    expect(overlay.addedRows).toBe(200)
    // Later updates still find the batch's items, wherever they sit in it.
    const good = edit(editor, () => cells.set(`n199.1:${cols.get(1)}`, 'last row of the batch'))
    expect(codeOf(() => checkSheetUpdate(server, good, LIMITS, overlay))).toBe(null)
    overlay.add(checkSheetUpdate(server, good, LIMITS, overlay))
    const bad = edit(editor, () => cells.array.push([9]))
    expect(codeOf(() => checkSheetUpdate(server, bad, LIMITS, overlay))).toBe('INVALID_UPDATE')
    expect(codeOf(() => checkSheetUpdate(server, good, LIMITS))).toBe('OUT_OF_ORDER')
  })

  it('refuses rows beyond the limit, but not a move at the limit', () => {
    const server = new Y.Doc()
    initSheet(server, { rows: 10, cols: 2 })
    const limits = { maxRows: 10, maxCols: 2 }
    const editor = replicaOf(server)
    const rows = sheetTypes(editor).rows
    const grow = edit(editor, () => rows.insert(3, ['x1.1']))
    expect(codeOf(() => checkSheetUpdate(server, grow, limits))).toBe('LIMIT_EXCEEDED')
    const mover = replicaOf(server)
    const moverRows = sheetTypes(mover).rows
    const id = moverRows.get(0)
    const move = edit(mover, () => {
      moverRows.delete(0, 1)
      moverRows.insert(5, [id])
    })
    expect(codeOf(() => checkSheetUpdate(server, move, limits))).toBe(null)
  })

  it('follows a long chain of inserts without overflowing the stack', () => {
    const server = serverSheet()
    const editor = replicaOf(server)
    const cells = sheetTypes(editor).cells
    // One key overwritten 20,000 times in one update: each struct's origin is the one before.
    const update = edit(editor, () => {
      for (let i = 0; i < 20_000; i++) cells.set('k1.1:c1.1', `v${i}`)
    })
    expect(codeOf(() => checkSheetUpdate(server, update, LIMITS))).toBe(null)
  })
})

/** The metadata map of a workbook's first sheet. */
function firstMeta(wb: Y.Doc): Y.Map<unknown> {
  const { sheetMeta, sheets } = workbookTypes(wb)
  return sheetMeta.get(sheets.get(0)) as Y.Map<unknown>
}

describe('a workbook update checked by its effect', () => {
  function serverWorkbook(): { doc: Y.Doc; sheetId: string } {
    const doc = new Y.Doc()
    const sheet = initWorkbook(doc, 'Budget', 'recorded-sheet')
    return { doc, sheetId: sheet.id }
  }

  it('accepts a rename and a move of recorded sheets', () => {
    const { doc } = serverWorkbook()
    const editor = replicaOf(doc)
    const { sheetMeta, sheets } = workbookTypes(editor)
    const id = sheets.get(0)
    const rename = edit(editor, () => (sheetMeta.get(id) as Y.Map<unknown>).set('name', 'Inputs'))
    expect(checkWorkbookUpdate(doc, rename)).toEqual(new Set([editor.clientID]))
    const move = edit(editor, () => {
      sheets.delete(0, 1)
      sheets.insert(0, [id])
    })
    Y.applyUpdate(doc, rename)
    expect(codeOf(() => checkWorkbookUpdate(doc, move))).toBe(null)
  })

  it("refuses adding another workbook's sheet, deleting or replacing a sheet, and bad names", () => {
    const { doc } = serverWorkbook()
    const attempts: Array<(wb: Y.Doc) => void> = [
      (wb) => {
        const m = new Y.Map<unknown>()
        m.set('name', 'Stolen')
        workbookTypes(wb).sheetMeta.set('victimSheet', m)
        workbookTypes(wb).sheets.push(['victimSheet'])
      },
      (wb) => workbookTypes(wb).sheetMeta.delete(workbookTypes(wb).sheets.get(0)),
      (wb) => workbookTypes(wb).sheets.delete(0, 1),
      (wb) => {
        const id = workbookTypes(wb).sheets.get(0)
        const m = new Y.Map<unknown>()
        m.set('name', 'Replaced')
        workbookTypes(wb).sheetMeta.set(id, m)
      },
      (wb) =>
        (workbookTypes(wb).sheetMeta as Y.Map<unknown>).set(
          workbookTypes(wb).sheets.get(0),
          'a string',
        ),
      (wb) => firstMeta(wb).set('name', 'x'.repeat(50_000)),
      (wb) => firstMeta(wb).set('name', 7),
      (wb) => firstMeta(wb).set('color', 'red'),
      (wb) => workbookTypes(wb).meta.set('title', 7),
    ]
    for (const attempt of attempts) {
      const attacker = replicaOf(doc)
      const update = edit(attacker, () => attempt(attacker))
      expect(
        codeOf(() => checkWorkbookUpdate(doc, update)),
        attempt.toString(),
      ).toBe('INVALID_UPDATE')
    }
  })

  it('holds a stored breach of the rules only against updates that add one', () => {
    const { doc } = serverWorkbook()
    // Stored before names were checked: a sheet whose name is far too long.
    firstMeta(doc).set('name', 'y'.repeat(500))
    const editor = replicaOf(doc)
    const retitle = edit(editor, () => workbookTypes(editor).meta.set('title', 'Renamed'))
    expect(codeOf(() => checkWorkbookUpdate(doc, retitle))).toBe(null)
    const other = replicaOf(doc)
    const worse = edit(other, () => workbookTypes(other).meta.set('title', 'z'.repeat(500)))
    expect(codeOf(() => checkWorkbookUpdate(doc, worse))).toBe('INVALID_UPDATE')
  })

  it('refuses a workbook update with pending structs', () => {
    const { doc } = serverWorkbook()
    const attacker = replicaOf(doc)
    const meta = workbookTypes(attacker).meta
    edit(attacker, () => meta.set('title', 'one'))
    const second = edit(attacker, () => meta.set('title', 'two'))
    expect(codeOf(() => checkWorkbookUpdate(doc, second))).toBe('OUT_OF_ORDER')
  })
})
