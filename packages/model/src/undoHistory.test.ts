import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { initSheet, setCell } from './sheet.js'
import { SheetLayout } from './sheetLayout.js'
import { UndoHistory, type ExternalStep } from './undoHistory.js'

/** An external step (a server-side sheet operation) that logs its calls and can be made to fail. */
function serverStep(log: string[], name: string): ExternalStep & { failing: boolean } {
  const step = {
    failing: false,
    undo: async () => {
      if (step.failing) throw new Error('offline')
      log.push(`undo ${name}`)
    },
    redo: async () => {
      if (step.failing) throw new Error('offline')
      log.push(`redo ${name}`)
    },
  }
  return step
}

describe('external undo steps (server-side sheet operations)', () => {
  it('take their turn among document edits, newest first, and redo in reverse', async () => {
    const origin = {}
    const history = new UndoHistory(origin)
    const sheet = new Y.Doc()
    initSheet(sheet, { rows: 2, cols: 2 })
    history.track(sheet)
    const layout = new SheetLayout(sheet)
    const log: string[] = []
    setCell(sheet, layout.rowId(0)!, layout.colId(0)!, 'before', origin)
    history.record(serverStep(log, 'delete'))
    setCell(sheet, layout.rowId(0)!, layout.colId(0)!, 'after', origin)

    expect(history.nextDoc('undo')).toBe(sheet)
    history.undo()
    expect(layout.cellAt(0, 0)).toBe('before')
    expect(history.nextDoc('undo')).toBeNull()
    history.undo()
    await history.settled()
    expect(log).toEqual(['undo delete'])
    history.undo()
    expect(layout.cellAt(0, 0)).toBe('')
    expect(history.canUndo).toBe(false)

    history.redo()
    history.redo()
    await history.settled()
    expect(log).toEqual(['undo delete', 'redo delete'])
    history.redo()
    expect(layout.cellAt(0, 0)).toBe('after')
    expect(history.canRedo).toBe(false)
  })

  it('a step whose call fails stays to be tried again, and the failure is reported', async () => {
    const history = new UndoHistory({})
    const log: string[] = []
    const failures: unknown[] = []
    history.onFailure((err) => failures.push(err))
    const step = serverStep(log, 'add')
    history.record(step)
    step.failing = true
    expect(history.undo()).toBe(true)
    await history.settled()
    expect(failures).toHaveLength(1)
    expect([history.canUndo, history.canRedo]).toEqual([true, false])
    step.failing = false
    history.undo()
    await history.settled()
    expect(log).toEqual(['undo add'])
    expect([history.canUndo, history.canRedo]).toEqual([false, true])
  })

  it('a new step ends the redo chain of external steps too', async () => {
    const origin = {}
    const history = new UndoHistory(origin)
    const doc = new Y.Doc()
    history.track(doc)
    const log: string[] = []
    history.record(serverStep(log, 'add'))
    history.undo()
    await history.settled()
    expect(history.canRedo).toBe(true)
    doc.transact(() => doc.getMap('m').set('k', 1), origin)
    expect(history.canRedo).toBe(false)
  })
})

describe('one step over several documents', () => {
  it('edits made together are undone and redone together, and the edits around them alone', () => {
    const origin = {}
    const history = new UndoHistory(origin)
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    for (const doc of [a, b]) {
      initSheet(doc, { rows: 2, cols: 2 })
      history.track(doc)
    }
    const [la, lb] = [new SheetLayout(a), new SheetLayout(b)]
    const write = (doc: Y.Doc, layout: SheetLayout, row: number, text: string) =>
      setCell(doc, layout.rowId(row)!, layout.colId(0)!, text, origin)
    write(a, la, 0, 'first')
    history.together(() => {
      write(a, la, 1, 'a1')
      write(b, lb, 0, 'b0')
      write(b, lb, 1, 'b1')
    })
    write(b, lb, 0, 'last')
    const shown = () => [la.cellAt(0, 0), la.cellAt(1, 0), lb.cellAt(0, 0), lb.cellAt(1, 0)]

    history.undo()
    expect(shown()).toEqual(['first', 'a1', 'b0', 'b1'])
    history.undo()
    expect(shown()).toEqual(['first', '', '', ''])
    history.undo()
    expect(shown()).toEqual(['', '', '', ''])
    history.redo()
    history.redo()
    expect(shown()).toEqual(['first', 'a1', 'b0', 'b1'])
    history.redo()
    expect(shown()).toEqual(['first', 'a1', 'last', 'b1'])
    expect(history.canRedo).toBe(false)
    history.undo()
    history.undo()
    expect(shown()).toEqual(['first', '', '', ''])
  })

  it('a part of a step that changed nothing (a cut of empty cells emptying them) does not take the step before with it', () => {
    const origin = {}
    const history = new UndoHistory(origin)
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    for (const doc of [a, b]) {
      initSheet(doc, { rows: 2, cols: 2 })
      history.track(doc)
    }
    const [la, lb] = [new SheetLayout(a), new SheetLayout(b)]
    const write = (doc: Y.Doc, layout: SheetLayout, row: number, text: string) =>
      setCell(doc, layout.rowId(row)!, layout.colId(0)!, text, origin)
    write(a, la, 0, 'before')
    history.together(() => {
      // A transaction that changes nothing (empty cells emptied): Yjs records it as a step
      // part, whose undo does nothing, and would go on to undo the step before.
      a.transact(() => write(a, la, 1, ''), origin)
      write(a, la, 0, 'moved')
      write(b, lb, 0, 'there')
    })
    const shown = () => [la.cellAt(0, 0), la.cellAt(1, 0), lb.cellAt(0, 0)]

    history.undo()
    expect(shown()).toEqual(['before', '', ''])
    history.redo()
    expect(shown()).toEqual(['moved', '', 'there'])
    history.undo()
    history.undo()
    expect(shown()).toEqual(['', '', ''])
  })
})
