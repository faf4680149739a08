import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { cellKey, initSheet, liveIds, setCell, sheetTypes } from '@cellmate/model'
import { CellConflictWatch, cellWriter, type CellConflict } from './cellConflicts'

const LOCAL = Object.freeze({ session: 'test' })

/** One user's tab: a sheet document, what its watch reported, who it sees editing which cell. */
interface Tab {
  doc: Y.Doc
  /** This tab's own updates, as a connected client sends them the moment they are made. */
  outbox: Uint8Array[]
  conflicts: CellConflict[]
  editing: Map<string, number[]>
  write(value: string): void
}

/** `count` tabs on one sheet; `ids` fixes their Yjs client ids (which decide who wins). */
function tabs(
  count: number,
  ids: readonly number[] = [],
): { tabs: Tab[]; rowId: string; colId: string } {
  const first = new Y.Doc()
  if (ids[0] !== undefined) first.clientID = ids[0]
  initSheet(first, { rows: 3, cols: 3 })
  const t = sheetTypes(first)
  const rowId = liveIds(t.rows, t.removedRows)[1]!
  const colId = liveIds(t.cols, t.removedCols)[2]!
  const out: Tab[] = []
  for (let i = 0; i < count; i++) {
    const doc = i === 0 ? first : new Y.Doc()
    const id = ids[i]
    if (i > 0 && id !== undefined) doc.clientID = id
    if (i > 0) Y.applyUpdate(doc, Y.encodeStateAsUpdate(first), 'remote')
    const tab: Tab = {
      doc,
      outbox: [],
      conflicts: [],
      editing: new Map(),
      write: (value) => setCell(doc, rowId, colId, value, LOCAL),
    }
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL) tab.outbox.push(update)
    })
    new CellConflictWatch(
      doc,
      (origin) => origin === LOCAL,
      (key) => tab.editing.get(key) ?? [],
      (c) => tab.conflicts.push(c),
    )
    out.push(tab)
  }
  return { tabs: out, rowId, colId }
}

/** Alice and Bob on one sheet (see `tabs`). */
function two(ids: readonly number[] = []): { alice: Tab; bob: Tab; rowId: string; colId: string } {
  const {
    tabs: [alice, bob],
    rowId,
    colId,
  } = tabs(2, ids)
  if (!alice || !bob) throw new Error('two tabs expected')
  return { alice, bob, rowId, colId }
}

/** Relays the updates `from` sent while connected (the server broadcasts each one). */
function relay(from: Tab, to: Tab): void {
  for (const update of from.outbox) Y.applyUpdate(to.doc, update, 'remote')
}

/** What `from` has and `to` lacks: a join's diff (a reconnect after working offline). */
function deliver(from: Tab, to: Tab): void {
  Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), 'remote')
}

describe('CellConflictWatch', () => {
  // Yjs orders concurrent writes by client id: both orders are checked.
  const ORDERS = [
    [100, 200],
    [200, 100],
  ] as const

  it.each(ORDERS)(
    'two users typing into one cell at once: the loser is told, and so is the winner (ids %i, %i)',
    (a, b) => {
      const { alice, bob, rowId, colId } = two([a, b])
      alice.write('alice')
      bob.write('bob')
      relay(alice, bob)
      relay(bob, alice)

      const shown = sheetTypes(alice.doc).cells.get(cellKey(rowId, colId))
      expect(sheetTypes(bob.doc).cells.get(cellKey(rowId, colId))).toBe(shown)
      const [winner, loser] = shown === 'alice' ? [alice, bob] : [bob, alice]
      const winnerValue = shown as string
      const loserValue = winnerValue === 'alice' ? 'bob' : 'alice'
      expect(loser.conflicts).toEqual([
        {
          rowId,
          colId,
          outcome: 'lost',
          mine: loserValue,
          theirs: winnerValue,
          by: winner.doc.clientID,
        },
      ])
      expect(winner.conflicts).toEqual([
        {
          rowId,
          colId,
          outcome: 'kept',
          mine: winnerValue,
          theirs: loserValue,
          by: loser.doc.clientID,
        },
      ])
    },
  )

  it('an edit of a value its writer had already seen is no conflict', () => {
    const { alice, bob } = two()
    alice.write('first')
    deliver(alice, bob)
    bob.write('second')
    bob.write('third')
    deliver(bob, alice)
    expect(alice.conflicts).toEqual([])
    expect(bob.conflicts).toEqual([])
  })

  it('a value replaced by someone whose editor was open on the cell when it was written is lost', () => {
    const { alice, bob, rowId, colId } = two()
    alice.editing.set(cellKey(rowId, colId), [bob.doc.clientID])
    alice.write('alice')
    alice.editing.clear()
    deliver(alice, bob)
    bob.write('bob, typed in an editor opened before')
    deliver(bob, alice)
    expect(alice.conflicts).toEqual([
      {
        rowId,
        colId,
        outcome: 'lost',
        mine: 'alice',
        theirs: 'bob, typed in an editor opened before',
        by: bob.doc.clientID,
      },
    ])
    expect(bob.conflicts).toEqual([])
  })

  it('a value cleared by the one person editing the cell is lost, and names them', () => {
    const { alice, bob, rowId, colId } = two()
    alice.editing.set(cellKey(rowId, colId), [bob.doc.clientID])
    alice.write('alice')
    deliver(alice, bob)
    bob.write('')
    deliver(bob, alice)
    expect(alice.conflicts).toEqual([
      { rowId, colId, outcome: 'lost', mine: 'alice', theirs: '', by: bob.doc.clientID },
    ])
  })

  it.each(ORDERS)(
    'offline edits that meet edits made meanwhile: told on sync, whichever way Yjs orders them (ids %i, %i)',
    (a, b) => {
      const { alice, bob, rowId, colId } = two([a, b])
      // Bob is offline: two edits of the cell, then a third user's value meanwhile online.
      bob.write('bob offline 1')
      bob.write('bob offline 2')
      alice.write('alice online')
      deliver(alice, bob) // bob reconnects: the server's diff first,
      deliver(bob, alice) // then his own edits go up.
      const shown = sheetTypes(bob.doc).cells.get(cellKey(rowId, colId))
      expect(sheetTypes(alice.doc).cells.get(cellKey(rowId, colId))).toBe(shown)
      const bobLost = shown === 'alice online'
      expect(bob.conflicts).toEqual([
        {
          rowId,
          colId,
          outcome: bobLost ? 'lost' : 'kept',
          mine: 'bob offline 2',
          theirs: 'alice online',
          by: alice.doc.clientID,
        },
      ])
      // A losing entry stays in the cell log until the next write of the cell, so Alice
      // learns Bob's value whichever way it went.
      expect(alice.conflicts).toEqual([
        {
          rowId,
          colId,
          outcome: bobLost ? 'kept' : 'lost',
          mine: 'alice online',
          theirs: 'bob offline 2',
          by: bob.doc.clientID,
        },
      ])
    },
  )

  it('opening a document, and edits of cells this user never wrote, report nothing', () => {
    const [alice, bob, carol] = tabs(3).tabs
    if (!alice || !bob || !carol) throw new Error('three tabs expected')
    alice.write('alice')
    bob.write('bob')
    deliver(alice, carol)
    deliver(bob, carol)
    expect(carol.conflicts).toEqual([])
    const late = tabs(1).tabs[0]!
    Y.applyUpdate(late.doc, Y.encodeStateAsUpdate(carol.doc), 'remote')
    expect(late.conflicts).toEqual([])
  })

  it('cellWriter names the client that wrote a cell, null once it is cleared', () => {
    const { alice, bob, rowId, colId } = two()
    alice.write('alice')
    deliver(alice, bob)
    expect(cellWriter(bob.doc, cellKey(rowId, colId))).toBe(alice.doc.clientID)
    alice.write('')
    deliver(alice, bob)
    expect(cellWriter(bob.doc, cellKey(rowId, colId))).toBeNull()
  })
})
