import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { initSheet } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { deleteAxis, insertAxis, moveAxis } from './structure.js'
import { UndoHistory } from './undoHistory.js'
import {
  addComment,
  checkCommentEntry,
  commentThreads,
  commentThreadsAt,
  deleteComment,
  editComment,
  moveCommentThreads,
  replyToComment,
  setCommentResolved,
} from './comments.js'

const ana = { id: 'key:ana', name: 'Ana' }
const ben = { id: 'key:ben', name: 'Ben' }

function sheet(): { doc: Y.Doc; layout: SheetLayout; undo: UndoHistory } {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 5 })
  const undo = new UndoHistory({})
  undo.track(doc)
  return { doc, layout: new SheetLayout(doc), undo }
}

/** A1-style position of each open thread, e.g. `[["C3", "hi"]]`. */
function where(doc: Y.Doc, layout: SheetLayout): Array<[string, string]> {
  return commentThreads(doc).map((th) => [
    String.fromCharCode(65 + layout.colIndexOf(th.colId)) + (layout.rowIndexOf(th.rowId) + 1),
    th.text,
  ])
}

describe('comments', () => {
  it('a thread with replies reads back in order, with author, times and state', () => {
    const { doc, layout } = sheet()
    const id = addComment(
      doc,
      { rowId: layout.rowId(2)!, colId: layout.colId(1)! },
      { text: ' Why 12? ', author: ana, now: 1000 },
    )
    replyToComment(doc, id, { text: 'Q3 numbers', author: ben, now: 2000 })
    replyToComment(doc, id, { text: 'thanks', author: ana, now: 3000 })
    const [th] = commentThreadsAt(doc, layout.rowId(2)!, layout.colId(1)!)
    expect(th).toMatchObject({ id, by: 'key:ana', name: 'Ana', at: 1000, text: 'Why 12?' })
    expect(th!.replies.map((r) => [r.name, r.text])).toEqual([
      ['Ben', 'Q3 numbers'],
      ['Ana', 'thanks'],
    ])
  })

  it('only the author edits; the author or the owner deletes; anyone resolves and reopens', () => {
    const { doc, layout } = sheet()
    const id = addComment(
      doc,
      { rowId: layout.rowId(0)!, colId: layout.colId(0)! },
      { text: 'a', author: ana },
    )
    const reply = replyToComment(doc, id, { text: 'b', author: ben })
    expect(() => editComment(doc, id, { text: 'x', authorId: ben.id })).toThrow(/author/)
    editComment(doc, id, { text: 'a2', authorId: ana.id, now: 5 })
    expect(commentThreads(doc)[0]).toMatchObject({ text: 'a2', edited: 5 })
    expect(() => deleteComment(doc, reply, { authorId: ana.id })).toThrow(/author/)
    deleteComment(doc, reply, { authorId: ana.id, asOwner: true })
    expect(commentThreads(doc)[0]!.replies).toEqual([])
    setCommentResolved(doc, id, true, { name: 'Ben', now: 9 })
    expect(commentThreads(doc)).toEqual([])
    expect(commentThreads(doc, { resolved: true })[0]).toMatchObject({
      resolved: true,
      resolvedBy: 'Ben',
      resolvedAt: 9,
    })
    setCommentResolved(doc, id, false, { name: 'Ana' })
    deleteComment(doc, id, { authorId: ana.id })
    expect(commentThreads(doc, { resolved: true })).toEqual([])
  })

  it('follows its cell through inserts above, moves, and a delete of its row undone', () => {
    const { doc, layout, undo } = sheet()
    addComment(
      doc,
      { rowId: layout.rowId(2)!, colId: layout.colId(2)! },
      { text: 'x', author: ana },
    )
    insertAxis(doc, 'rows', 0, 2, undo.origin)
    insertAxis(doc, 'cols', 1, 1, undo.origin)
    expect(where(doc, layout)).toEqual([['D5', 'x']])
    moveAxis(doc, 'rows', 4, 1, 0, undo.origin)
    expect(where(doc, layout)).toEqual([['D1', 'x']])
    deleteAxis(doc, 'rows', 0, 1, undo.origin)
    expect(where(doc, layout)).toEqual([])
    undo.undo()
    expect(where(doc, layout)).toEqual([['D1', 'x']])
  })

  it('a thread on a cut cell goes where the cell is pasted, with its replies; undo brings it back', () => {
    const { doc, layout, undo } = sheet()
    const at = (row: number, col: number) => ({
      rowId: layout.rowId(row)!,
      colId: layout.colId(col)!,
    })
    const id = addComment(doc, at(0, 0), { text: 'moved', author: ana })
    replyToComment(doc, id, { text: 'reply', author: ben })
    addComment(doc, at(0, 1), { text: 'stays', author: ben })
    addComment(doc, at(3, 0), { text: 'row not cut', author: ben })
    // A1:A2 cut and pasted at C5 (ids mapped as the grid maps them).
    const rows = new Map([
      [layout.rowId(0)!, layout.rowId(4)!],
      [layout.rowId(1)!, layout.rowId(5)!],
    ])
    const cols = new Map([[layout.colId(0)!, layout.colId(2)!]])

    expect(moveCommentThreads(doc, rows, cols, undo.origin)).toBe(1)

    expect(where(doc, layout)).toEqual([
      ['B1', 'stays'],
      ['A4', 'row not cut'],
      ['C5', 'moved'],
    ])
    expect(commentThreadsAt(doc, layout.rowId(4)!, layout.colId(2)!)[0]!.replies).toHaveLength(1)
    undo.undo()
    expect(where(doc, layout).map(([cell]) => cell)).toEqual(['A1', 'B1', 'A4'])
  })

  it('undo takes back only my comment steps, not what others did meanwhile', () => {
    const a = sheet()
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc))
    a.doc.on('update', (u: Uint8Array, o: unknown) => o !== 'net' && Y.applyUpdate(b, u, 'net'))
    b.on('update', (u: Uint8Array, o: unknown) => o !== 'net' && Y.applyUpdate(a.doc, u, 'net'))
    const id = addComment(
      a.doc,
      { rowId: a.layout.rowId(0)!, colId: a.layout.colId(0)! },
      { text: 'mine', author: ana },
      a.undo.origin,
    )
    replyToComment(b, id, { text: 'theirs', author: ben }, 'ben')
    setCommentResolved(a.doc, id, true, { name: 'Ana' }, a.undo.origin)
    a.undo.undo()
    expect(commentThreads(b)[0]!.replies.map((r) => r.text)).toEqual(['theirs'])
    a.undo.undo()
    expect(commentThreads(b)).toEqual([])
    a.undo.redo()
    expect(commentThreads(b)[0]).toMatchObject({ text: 'mine' })
  })

  it('checks every stored field: key shape, type and size', () => {
    expect(checkCommentEntry('c.1:text', 'hi')).toBeNull()
    expect(checkCommentEntry('c.1:text', '')).toMatch(/not a valid/)
    expect(checkCommentEntry('c.1:text', 'x'.repeat(5001))).toMatch(/not a valid/)
    expect(checkCommentEntry('c.1:row', 'not an id!')).toMatch(/not a valid/)
    expect(checkCommentEntry('c.1:at', 1.5)).toMatch(/not a valid/)
    expect(checkCommentEntry('c.1:deleted', false)).toMatch(/not a valid/)
    expect(checkCommentEntry('c.1:colour', 'red')).toMatch(/not a comment key/)
    expect(checkCommentEntry('r1:c1', 'legacy')).toMatch(/not a comment key/)
  })
})

const step = fc.record({
  replica: fc.nat(2),
  kind: fc.constantFrom(
    'add',
    'reply',
    'edit',
    'delete',
    'resolve',
    'insert',
    'deleteRow',
    'move',
    'undo',
    'deliver',
    'deliver',
  ),
  a: fc.nat(20),
  b: fc.nat(20),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function runHistory(steps: Step[]): void {
  const seed = new Y.Doc()
  initSheet(seed, { rows: 6, cols: 3 })
  const users = [ana, ben, { id: 'key:cy', name: 'Cy' }].map((author) => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(seed))
    const undo = new UndoHistory({})
    undo.track(doc)
    return { author, doc, undo, layout: new SheetLayout(doc), inbox: [] as Uint8Array[] }
  })
  users.forEach((u, i) =>
    u.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'net') return
      users.forEach((v, j) => j !== i && v.inbox.push(update))
    }),
  )
  // Where (row id, col id) each thread was put: it must never be shown anywhere else.
  const anchoredAt = new Map<string, string>()
  steps.forEach((s, n) => {
    const u = users[s.replica]!
    const threads = commentThreads(u.doc, { resolved: true })
    const th = threads[s.a % Math.max(1, threads.length)]
    try {
      switch (s.kind) {
        case 'add': {
          const rowId = u.layout.rowId(s.a % u.layout.rowCount)!
          const colId = u.layout.colId(s.b % u.layout.colCount)!
          const id = addComment(
            u.doc,
            { rowId, colId },
            { text: `t${n}`, author: u.author },
            u.undo.origin,
          )
          anchoredAt.set(id, `${rowId}:${colId}`)
          break
        }
        case 'reply':
          if (th) replyToComment(u.doc, th.id, { text: `r${n}`, author: u.author }, u.undo.origin)
          break
        case 'edit':
          if (th?.by === u.author.id)
            editComment(u.doc, th.id, { text: `e${n}`, authorId: u.author.id }, u.undo.origin)
          break
        case 'delete':
          if (th?.by === u.author.id)
            deleteComment(u.doc, th.id, { authorId: u.author.id }, u.undo.origin)
          break
        case 'resolve':
          if (th) setCommentResolved(u.doc, th.id, !th.resolved, u.author, u.undo.origin)
          break
        case 'insert':
          insertAxis(u.doc, 'rows', s.a % (u.layout.rowCount + 1), 1, u.undo.origin)
          break
        case 'deleteRow':
          if (u.layout.rowCount > 2)
            deleteAxis(u.doc, 'rows', s.a % (u.layout.rowCount - 1), 1, u.undo.origin)
          break
        case 'move':
          moveAxis(
            u.doc,
            'rows',
            s.a % u.layout.rowCount,
            1,
            s.b % u.layout.rowCount,
            u.undo.origin,
          )
          break
        case 'undo':
          u.undo.undo()
          break
        case 'deliver': {
          const batch = u.inbox.splice(0, 1 + (s.b % Math.max(1, u.inbox.length)))
          if (s.a % 2) batch.reverse()
          for (const update of batch) Y.applyUpdate(u.doc, update, 'net')
          break
        }
      }
    } catch (err) {
      if (!(err instanceof Error && err.name === 'CellmateError')) throw err
    }
  })
  for (let round = 0; users.some((u) => u.inbox.length > 0); round++) {
    for (const u of users)
      for (const update of u.inbox.splice(0)) Y.applyUpdate(u.doc, update, 'net')
    if (round > 20) throw new Error('did not settle')
  }
  const views = users.map((u) => commentThreads(u.doc, { resolved: true }))
  for (const v of views.slice(1)) expect(v).toEqual(views[0])
  for (const th of views[0]!) {
    expect(anchoredAt.get(th.id)).toBe(`${th.rowId}:${th.colId}`)
    expect(users[0]!.layout.rowIndexOf(th.rowId)).toBeGreaterThanOrEqual(0)
  }
  for (const u of users) {
    u.layout.destroy()
    u.undo.destroy()
  }
}

const RUNS = Number(process.env.FC_RUNS ?? 500)

describe('concurrent comment histories', () => {
  it(`three replicas commenting, replying, resolving, undoing and moving rows in random delivery orders converge, every thread on the cell it was put on (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => runHistory(steps)),
      { numRuns: RUNS, verbose: true },
    )
  })
})
