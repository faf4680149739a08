import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { UndoHistory } from './undoHistory.js'
import {
  addComment,
  commentThreads,
  commentsMap,
  deleteComment,
  editComment,
  replyToComment,
  setCommentResolved,
} from './comments.js'
import { carryCommentThreads } from './commentCarry.js'

const ana = { id: 'key:ana', name: 'Ana' }
const ben = { id: 'key:ben', name: 'Ben' }

function sheetDoc(): { doc: Y.Doc; layout: SheetLayout } {
  const doc = new Y.Doc()
  initSheet(doc, { rows: 10, cols: 5 })
  return { doc, layout: new SheetLayout(doc) }
}

/** Two sheets (Sheet1, Sheet2) under one undo history, A1:A2 of Sheet1 cut to C5 of Sheet2. */
function cutToOtherSheet() {
  const s1 = sheetDoc()
  const s2 = sheetDoc()
  const undo = new UndoHistory({})
  undo.track(s1.doc)
  undo.track(s2.doc)
  const rows = new Map([
    [s1.layout.rowId(0)!, s2.layout.rowId(4)!],
    [s1.layout.rowId(1)!, s2.layout.rowId(5)!],
  ])
  const cols = new Map([[s1.layout.colId(0)!, s2.layout.colId(2)!]])
  const at = (s: { layout: SheetLayout }, row: number, col: number) => ({
    rowId: s.layout.rowId(row)!,
    colId: s.layout.colId(col)!,
  })
  return { s1, s2, undo, rows, cols, at }
}

/** A1-style position, text, author, resolved state and replies of each thread. */
function threads(s: { doc: Y.Doc; layout: SheetLayout }) {
  return commentThreads(s.doc, { resolved: true }).map((th) => ({
    cell:
      String.fromCharCode(65 + s.layout.colIndexOf(th.colId)) + (s.layout.rowIndexOf(th.rowId) + 1),
    text: th.text,
    by: th.by,
    name: th.name,
    at: th.at,
    edited: th.edited,
    resolved: th.resolved,
    resolvedBy: th.resolvedBy,
    replies: th.replies.map((r) => [r.name, r.text, r.at]),
  }))
}

describe('carryCommentThreads', () => {
  it("a cut to another sheet takes the cut cells' threads there, replies, state and order kept; undo puts them back", () => {
    const { s1, s2, undo, rows, cols, at } = cutToOtherSheet()
    const first = addComment(s1.doc, at(s1, 0, 0), { text: 'why?', author: ana, now: 1000 })
    replyToComment(s1.doc, first, { text: 'because', author: ana, now: 2000 })
    replyToComment(s1.doc, first, { text: 'ok', author: ana, now: 3000 })
    editComment(s1.doc, first, { text: 'why 12?', authorId: ana.id, now: 1500 })
    setCommentResolved(s1.doc, first, true, { name: 'Ben', now: 4000 })
    addComment(s1.doc, at(s1, 1, 0), { text: 'second', author: ana, now: 5000 })
    addComment(s1.doc, at(s1, 0, 1), { text: 'not cut', author: ana, now: 6000 })
    const before = threads(s1)

    let carried = { moved: 0, kept: 0 }
    // One step over both sheets, as the cut's paste makes it.
    undo.together(() => {
      carried = carryCommentThreads(s1.doc, s2.doc, rows, cols, ana.id, undo.origin)
    })

    expect(carried).toEqual({ moved: 2, kept: 0 })
    expect(threads(s1).map((t) => [t.cell, t.text])).toEqual([['B1', 'not cut']])
    const moved = threads(s2)
    expect(moved).toEqual([
      { ...before.find((t) => t.text === 'why 12?')!, cell: 'C5' },
      { ...before.find((t) => t.text === 'second')!, cell: 'C6' },
    ])
    expect(moved[0]).toMatchObject({
      by: ana.id,
      edited: 1500,
      resolved: true,
      resolvedBy: 'Ben',
      replies: [
        ['Ana', 'because', 2000],
        ['Ana', 'ok', 3000],
      ],
    })
    // Nothing of them is left in the sheet cut from.
    expect([...commentsMap(s1.doc).keys()].every((k) => !k.startsWith(first))).toBe(true)

    undo.undo()
    expect(threads(s1)).toEqual(before)
    expect(threads(s2)).toEqual([])
    undo.redo()
    expect(threads(s2).map((t) => t.cell)).toEqual(['C5', 'C6'])
  })

  it("a thread with another author's words stays on the sheet cut from (only its author may write it elsewhere)", () => {
    const { s1, s2, undo, rows, cols, at } = cutToOtherSheet()
    addComment(s1.doc, at(s1, 0, 0), { text: "Ben's", author: ben })
    const mine = addComment(s1.doc, at(s1, 1, 0), { text: 'mine, Ben replied', author: ana })
    replyToComment(s1.doc, mine, { text: 'reply', author: ben })
    const gone = addComment(s1.doc, at(s1, 1, 0), { text: 'deleted', author: ben })
    deleteComment(s1.doc, gone, { authorId: ben.id })
    const before = threads(s1)

    expect(carryCommentThreads(s1.doc, s2.doc, rows, cols, ana.id, undo.origin)).toEqual({
      moved: 0,
      kept: 2,
    })
    expect(threads(s1)).toEqual(before)
    expect(commentsMap(s2.doc).size).toBe(0)
    // Without a session (not known yet) nothing can be written as anyone.
    expect(carryCommentThreads(s1.doc, s2.doc, rows, cols, null, undo.origin).kept).toBe(2)
  })

  it('a deleted thread of mine goes too, so undoing its delete shows it where the cell is', () => {
    const { s1, s2, undo, rows, cols, at } = cutToOtherSheet()
    const id = addComment(s1.doc, at(s1, 0, 0), { text: 'oops', author: ana })
    deleteComment(s1.doc, id, { authorId: ana.id })

    expect(carryCommentThreads(s1.doc, s2.doc, rows, cols, ana.id, undo.origin)).toEqual({
      moved: 1,
      kept: 0,
    })
    expect(commentsMap(s1.doc).size).toBe(0)
    expect(commentThreads(s2.doc, { orphans: true })).toEqual([])
    expect([...commentsMap(s2.doc).values()]).toContain(true)
  })
})
