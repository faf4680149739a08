import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  SheetCells,
  SheetLayout,
  addSheet,
  ensureSheetSize,
  getCell,
  initSheet,
  initWorkbook,
  insertRows,
  renameSheet,
  setCell,
  setCells,
  sheetTypes,
  UndoHistory,
  addComment,
  replyToComment,
  setCommentResolved,
  commentThreads,
  readValidations,
  setValidation,
  addConditionalFormat,
  readConditionalFormats,
  formatRange,
  getFormat,
  setFormat,
  mergeCells,
  mergesMap,
} from '@cellmate/model'
import { ruleForDisplay, ruleForStorage, withSheetNamed } from '@cellmate/formula'
import { WorkbookEngine } from '@cellmate/formula/engine'
import {
  WorkbookFormulas,
  retryWhenReachable,
  type LoadEngine,
  type WorkbookFormulasOptions,
} from './workbookFormulas'

/** An engine chunk that arrives when the test says so (or fails to). */
function heldEngine() {
  let settle: (loaded: boolean) => void = () => {}
  let fetches = 0
  const load: LoadEngine = () =>
    new Promise((resolve, reject) => {
      fetches++
      settle = (loaded) =>
        loaded ? resolve({ WorkbookEngine }) : reject(new Error('chunk failed to load'))
    })
  return {
    load,
    fetches: () => fetches,
    arrive: () => settle(true),
    fail: () => settle(false),
  }
}

/**
 * A workbook with two sheets whose documents are handed out on request, as a tab does. What is
 * on screen counts as painted at once unless `options.afterPaint` says otherwise.
 */
function workbookWithTwoSheets(options: WorkbookFormulasOptions = {}) {
  const workbook = new Y.Doc()
  const first = initWorkbook(workbook, 'Budget', 'budget')
  const second = addSheet(workbook, { id: 'rates', name: 'Rates' })
  const docs = new Map<string, Y.Doc>()
  for (const id of [first.id, second.id]) {
    const doc = new Y.Doc()
    initSheet(doc, { rows: 20, cols: 5 })
    docs.set(id, doc)
  }
  const requested: string[] = []
  const errors: unknown[] = []
  const formulas = new WorkbookFormulas(workbook, (id) => requested.push(id), {
    onError: (error) => errors.push(error),
    afterPaint: (fn) => fn(),
    ...options,
  })
  const layouts = new Map([...docs].map(([id, doc]) => [id, new SheetLayout(doc)]))
  const sheet = (id: string) => {
    const doc = docs.get(id)!
    const layout = layouts.get(id)!
    const services = formulas.forSheet(id, layout)
    return {
      doc,
      layout,
      services,
      /** Types `input` into a cell as the grid does: A1 text converted to the stored form. */
      type(row: number, col: number, input: string) {
        setCell(doc, layout.rowId(row)!, layout.colId(col)!, services.toStored(input))
      },
      shown(row: number, col: number) {
        return services.toDisplay(getCell(doc, layout.rowId(row)!, layout.colId(col)!))
      },
    }
  }
  return { workbook, first: first.id, second: second.id, docs, formulas, requested, errors, sheet }
}

/** The same, once the formula engine evaluates. */
async function evaluatedWorkbook() {
  const wb = workbookWithTwoSheets()
  await wb.formulas.startEngine()
  return wb
}

describe('WorkbookFormulas', () => {
  it('evaluates typed formulas and shows them shifted after another user inserts rows', async () => {
    const wb = await evaluatedWorkbook()
    wb.formulas.addSheet(wb.first, wb.docs.get(wb.first)!)
    const s = wb.sheet(wb.first)
    for (let r = 0; r < 10; r++) s.type(r, 0, String(r + 1))
    s.type(0, 1, '=SUM(A1:A10)')
    expect(s.services.value(0, 1)).toBe(55)

    // Another replica inserts two rows at the top: the formula moves and still sums A.
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(s.doc))
    insertRows(remote, 0, 2)
    Y.applyUpdate(s.doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(s.doc)))
    expect(s.shown(2, 1)).toBe('=SUM(A3:A12)')
    expect(s.services.value(2, 1)).toBe(55)
  })

  it('asks for every sheet, and recomputes when one referred to arrives', async () => {
    const wb = await evaluatedWorkbook()
    expect(wb.requested).toEqual([wb.first, wb.second])
    const rates = wb.sheet(wb.second)
    rates.type(3, 1, '21')
    wb.formulas.addSheet(wb.first, wb.docs.get(wb.first)!)
    wb.formulas.addSheet(wb.second, wb.docs.get(wb.second)!)
    const s = wb.sheet(wb.first)
    s.type(0, 0, '=Rates!B4*2')
    expect(s.services.value(0, 0)).toBe(42)

    let changes = 0
    s.services.onDisplayChange(() => changes++)
    rates.type(3, 1, '50')
    expect(s.services.value(0, 0)).toBe(100)
    expect(changes).toBeGreaterThan(0)
    // Stored anchored to the sheet's id, shown with its current name.
    expect(getCell(s.doc, s.layout.rowId(0)!, s.layout.colId(0)!)).toContain(`{s:${wb.second}}`)
    expect(s.shown(0, 0)).toBe('=Rates!B4*2')
    // A sheet added later by anyone is asked for too.
    const third = addSheet(wb.workbook, { id: 'later', name: 'Later' })
    expect(wb.requested).toEqual([wb.first, wb.second, third.id])
  })

  it('deletes rows shrinking the ranges that end on them, on every loaded sheet', async () => {
    const wb = await evaluatedWorkbook()
    for (const id of [wb.first, wb.second]) wb.formulas.addSheet(id, wb.docs.get(id)!)
    const s = wb.sheet(wb.first)
    const rates = wb.sheet(wb.second)
    for (let r = 0; r < 4; r++) s.type(r, 0, String(r + 1))
    s.type(0, 1, '=SUM(A1:A4)')
    s.type(0, 2, '=A4')
    rates.type(0, 0, '=SUM(Sheet1!A1:A4)')

    s.services.deleteAxis('rows', 3, 1, 'me')
    expect(s.shown(0, 1)).toBe('=SUM(A1:A3)')
    expect(s.services.value(0, 1)).toBe(6)
    expect(s.shown(0, 2)).toBe('=#REF!')
    expect(s.services.value(0, 2)).toMatchObject({ error: '#REF!' })
    expect(rates.shown(0, 0)).toBe('=SUM(Sheet1!A1:A3)')
    expect(rates.services.value(0, 0)).toBe(6)
  })

  it('keeps a cross-sheet reference right when the sheet is renamed', async () => {
    const wb = await evaluatedWorkbook()
    for (const id of [wb.first, wb.second]) wb.formulas.addSheet(id, wb.docs.get(id)!)
    const s = wb.sheet(wb.first)
    wb.sheet(wb.second).type(0, 0, '7')
    s.type(0, 0, '=Rates!A1+1')
    let changes = 0
    s.services.onDisplayChange(() => changes++)
    renameSheet(wb.workbook, wb.second, 'FX rates')
    // The value is the same, but the formula bar must show the new name.
    expect(changes).toBe(1)
    expect(s.shown(0, 0)).toBe("='FX rates'!A1+1")
    expect(s.services.value(0, 0)).toBe(8)
  })

  it('shows typed values before the engine arrives, then computes the formulas and repaints', async () => {
    const engine = heldEngine()
    const wb = workbookWithTwoSheets({ loadEngine: engine.load })
    for (const id of [wb.first, wb.second]) wb.formulas.addSheet(id, wb.docs.get(id)!)
    const s = wb.sheet(wb.first)
    const rates = wb.sheet(wb.second)
    rates.type(3, 1, '21')
    s.type(0, 0, '1,234.5')
    // Plain values need no engine; the first formula has it fetched, once.
    expect(engine.fetches()).toBe(0)
    s.type(1, 0, '=Rates!B4*2')
    s.type(2, 0, '=A1')
    expect(engine.fetches()).toBe(1)
    let repaints = 0
    s.services.onDisplayChange(() => repaints++)

    // The grid shows what was typed; the formula is anchored to the other sheet all the same.
    expect(s.services.value(0, 0)).toBe(1234.5)
    expect(s.services.value(1, 0)).toBeNull()
    expect(getCell(s.doc, s.layout.rowId(1)!, s.layout.colId(0)!)).toContain(`{s:${wb.second}}`)
    expect(s.shown(1, 0)).toBe('=Rates!B4*2')

    engine.arrive()
    await wb.formulas.startEngine()
    expect(engine.fetches()).toBe(1)
    expect(repaints).toBeGreaterThan(0)
    expect(s.services.value(1, 0)).toBe(42)
    rates.type(3, 1, '50')
    expect(s.services.value(1, 0)).toBe(100)
  })

  it('never fetches the engine for a sheet synced with plain values only, until a formula is typed', () => {
    const engine = heldEngine()
    const wb = workbookWithTwoSheets({ loadEngine: engine.load })
    const fresh = new Y.Doc()
    wb.formulas.addSheet(wb.first, fresh)
    const synced = wb.sheet(wb.first)
    for (let r = 0; r < 20; r++) synced.type(r, 0, r === 3 ? '=' : String(r * 1.5))
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(synced.doc))
    const s = wb.formulas.forSheet(wb.first, new SheetLayout(fresh))
    expect(s.value(2, 0)).toBe(3)
    expect(engine.fetches()).toBe(0)
    const layout = new SheetLayout(fresh)
    setCell(fresh, layout.rowId(0)!, layout.colId(1)!, s.toStored('=A3*2'))
    expect(engine.fetches()).toBe(1)
  })

  it('fetches the engine for a sheet synced with formulas, and builds it after the paint', async () => {
    const engine = heldEngine()
    const paints: Array<() => void> = []
    const wb = workbookWithTwoSheets({
      loadEngine: engine.load,
      afterPaint: (fn) => paints.push(fn),
    })
    const fresh = new Y.Doc()
    wb.formulas.addSheet(wb.first, fresh)
    const synced = wb.sheet(wb.first)
    synced.type(0, 0, '20')
    synced.type(0, 1, '=A1+1')
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(synced.doc))
    // Fetching starts with the sync; the engine waits for the paint.
    expect(engine.fetches()).toBe(1)
    engine.arrive()
    const s = wb.formulas.forSheet(wb.first, new SheetLayout(fresh))
    expect(s.value(0, 1)).toBeNull()
    paints.shift()!()
    await wb.formulas.startEngine()
    expect(s.value(0, 1)).toBe(21)
  })

  it('indexes a sheet read whole in the background once it is evaluated, a slice at a time', async () => {
    const catchUp = vi.spyOn(WorkbookEngine.prototype, 'catchUp')
    try {
      const wb = workbookWithTwoSheets()
      const doc = wb.docs.get(wb.first)!
      ensureSheetSize(doc, { rows: 12_000, cols: 3 })
      const t = sheetTypes(doc)
      const rows = t.rows.toArray()
      const [a, b] = t.cols.toArray() as [string, string]
      setCells(
        doc,
        rows.map((rowId) => ({ rowId, colId: b, value: `={r:${rowId},c:${a}}*2` })),
      )
      wb.formulas.addSheet(wb.first, doc)
      await wb.formulas.startEngine()
      // 12,000 formulas: three slices, the last one saying nothing is left. (The engines of
      // earlier tests, done or destroyed, may answer too when their last idle turn comes.)
      await vi.waitFor(() => {
        const { contexts, results } = catchUp.mock
        const ours = contexts[results.findIndex((r) => r.value === true)]
        const answers = results.filter((_, i) => contexts[i] === ours).map((r) => r.value)
        expect(answers).toEqual([true, true, false])
      })
      const s = wb.sheet(wb.first)
      s.type(4, 0, '7')
      expect(s.services.value(4, 1)).toBe(14)
    } finally {
      catchUp.mockRestore()
    }
  })

  it('evaluates a sheet that arrives by sync only after its plain values are painted', async () => {
    const paints: Array<() => void> = []
    const wb = workbookWithTwoSheets({ afterPaint: (fn) => paints.push(fn) })
    await wb.formulas.startEngine()
    // A sheet this browser has not seen before: empty until its first sync.
    const fresh = new Y.Doc()
    wb.formulas.addSheet(wb.first, fresh)
    const s = wb.formulas.forSheet(wb.first, new SheetLayout(fresh))
    let repaints = 0
    s.onDisplayChange(() => repaints++)
    expect(paints).toHaveLength(0)

    const synced = wb.sheet(wb.first)
    synced.type(0, 0, '20')
    synced.type(0, 1, '=A1+1')
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(synced.doc))
    expect(s.value(0, 0)).toBe(20)
    expect(s.value(0, 1)).toBeNull()
    expect(paints).toHaveLength(1)

    paints.shift()!()
    expect(repaints).toBeGreaterThan(0)
    expect(s.value(0, 1)).toBe(21)
  })

  it('evaluates a sheet whose state arrives in slices once its first sync is complete', async () => {
    const paints: Array<() => void> = []
    const wb = workbookWithTwoSheets({ afterPaint: (fn) => paints.push(fn) })
    await wb.formulas.startEngine()
    const synced = wb.sheet(wb.first)
    synced.type(0, 0, '20')
    const firstSlice = Y.encodeStateAsUpdate(synced.doc)
    const vector = Y.encodeStateVector(synced.doc)
    synced.type(0, 1, '=A1+1')
    synced.type(1, 1, '=B1*2')
    const lastSlice = Y.encodeStateAsUpdate(synced.doc, vector)

    let completeSync: () => void = () => {}
    const loaded = new Promise<void>((resolve) => (completeSync = resolve))
    const fresh = new Y.Doc()
    wb.formulas.addSheet(wb.first, fresh, loaded)
    const s = wb.formulas.forSheet(wb.first, new SheetLayout(fresh))
    Y.applyUpdate(fresh, firstSlice)
    for (const paint of paints.splice(0)) paint()
    // Painted with rows, but not handed to the engine while slices are still to come.
    Y.applyUpdate(fresh, lastSlice)
    expect(s.value(0, 0)).toBe(20)
    expect(s.value(0, 1)).toBeNull()

    completeSync()
    await loaded
    await Promise.resolve()
    expect(paints).toHaveLength(1)
    paints.shift()!()
    expect(s.value(0, 1)).toBe(21)
    expect(s.value(1, 1)).toBe(42)
  })

  it('evaluates a sheet whose first sync failed with what its document holds', async () => {
    const wb = workbookWithTwoSheets()
    await wb.formulas.startEngine()
    const synced = wb.sheet(wb.first)
    synced.type(0, 0, '20')
    synced.type(0, 1, '=A1+1')
    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(synced.doc))
    const refused = Promise.reject(new Error('not allowed'))
    wb.formulas.addSheet(wb.first, fresh, refused)
    await refused.catch(() => undefined)
    await Promise.resolve()
    expect(wb.formulas.forSheet(wb.first, new SheetLayout(fresh)).value(0, 1)).toBe(21)
  })

  it('still evaluates a sheet whose first sync arrives after the engine was built for another', async () => {
    // A second workbook opened in the same tab: the engine's code is already loaded, so the
    // engine is built as soon as the first painted sheet holds a formula, while the other
    // sheet's document is still empty.
    const paints: Array<() => void> = []
    const wb = workbookWithTwoSheets({ afterPaint: (fn) => paints.push(fn) })
    const budget = wb.sheet(wb.first)
    budget.type(3, 1, '1500.5')
    budget.type(0, 0, '=B4')
    wb.formulas.addSheet(wb.first, wb.docs.get(wb.first)!)
    const fresh = new Y.Doc()
    wb.formulas.addSheet(wb.second, fresh)
    paints.shift()!()
    await wb.formulas.startEngine()
    expect(budget.services.value(0, 0)).toBe(1500.5)

    const synced = wb.sheet(wb.second)
    synced.type(0, 0, '=Sheet1!B4/2')
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(synced.doc))
    const notes = wb.formulas.forSheet(wb.second, new SheetLayout(fresh))
    let repaints = 0
    notes.onDisplayChange(() => repaints++)
    expect(paints).toHaveLength(1)
    paints.shift()!()
    expect(repaints).toBeGreaterThan(0)
    expect(notes.value(0, 0)).toBe(750.25)
  })

  it('repaints other sheets when an input changes the style their formulas inherit', async () => {
    const wb = await evaluatedWorkbook()
    for (const id of [wb.first, wb.second]) wb.formulas.addSheet(id, wb.docs.get(id)!)
    const budget = wb.sheet(wb.first)
    const rates = wb.sheet(wb.second)
    budget.type(3, 1, '5')
    rates.type(0, 0, '=Sheet1!B4*2')
    const repaints: Array<'all' | number> = []
    rates.services.onDisplayChange((cells) => repaints.push(cells ? cells.length : 'all'))
    const own: Array<'all' | number> = []
    budget.services.onDisplayChange((cells) => own.push(cells ? cells.length : 'all'))

    // A new number in the same style: only the recomputed cell.
    budget.type(3, 1, '6')
    expect(repaints).toEqual([1])
    // The same number as money: no value changes, yet =Sheet1!B4*2 now shows money.
    budget.type(3, 1, '$6')
    expect(repaints).toEqual([1, 'all'])
    expect(rates.services.shownFormat(0, 0)).toMatchObject({ numFmt: 'currency' })
    // The sheet's own display is kept by its session, not repainted from here.
    expect(own).not.toContain('all')
  })

  it('reads no input for the style check while no other sheet is shown, and none for a big change', async () => {
    const wb = await evaluatedWorkbook()
    const budget = wb.sheet(wb.first)
    const read = vi.spyOn(SheetCells.prototype, 'changesIn')
    try {
      // Only this sheet is shown: nothing else to repaint, so nothing to read.
      wb.formulas.addSheet(wb.first, wb.docs.get(wb.first)!)
      budget.type(3, 1, '5')
      expect(read).not.toHaveBeenCalled()
      // Another sheet shown: a big change repaints it without reading each input.
      wb.formulas.addSheet(wb.second, wb.docs.get(wb.second)!)
      const rates = wb.sheet(wb.second)
      const repaints: Array<'all' | number> = []
      rates.services.onDisplayChange((cells) => repaints.push(cells ? cells.length : 'all'))
      const doc = wb.docs.get(wb.first)!
      const t = sheetTypes(doc)
      ensureSheetSize(doc, { rows: 100, cols: 2 })
      read.mockClear()
      setCells(
        doc,
        t.rows.toArray().map((rowId) => ({ rowId, colId: t.cols.get(1), value: 'x' })),
      )
      expect(read).not.toHaveBeenCalled()
      expect(repaints).toContain('all')
    } finally {
      read.mockRestore()
    }
  })

  it('shows #CALC! in formula cells when the engine cannot be loaded, typed values as typed', async () => {
    const engine = heldEngine()
    const wb = workbookWithTwoSheets({ loadEngine: engine.load })
    wb.formulas.addSheet(wb.first, wb.docs.get(wb.first)!)
    const s = wb.sheet(wb.first)
    s.type(0, 0, '5')
    s.type(0, 1, '=A1*2')
    let repaints = 0
    s.services.onDisplayChange(() => repaints++)

    engine.fail()
    await wb.formulas.startEngine()
    expect(repaints).toBe(1)
    expect(wb.errors).toHaveLength(1)
    expect(s.services.value(0, 0)).toBe(5)
    expect(s.services.value(0, 1)).toMatchObject({ error: '#CALC!' })
  })

  it('fetches the engine again once worth retrying (back online) and then computes the formulas', async () => {
    const engine = heldEngine()
    const retries: Array<{ retry: () => void; attempt: number }> = []
    const wb = workbookWithTwoSheets({
      loadEngine: engine.load,
      retryLater: (retry, attempt) => {
        retries.push({ retry, attempt })
        return () => {}
      },
    })
    wb.formulas.addSheet(wb.first, wb.docs.get(wb.first)!)
    const s = wb.sheet(wb.first)
    s.type(0, 0, '5')
    s.type(0, 1, '=A1*2')

    engine.fail()
    await wb.formulas.startEngine()
    expect(s.services.value(0, 1)).toMatchObject({ error: '#CALC!' })
    expect(retries.map((r) => r.attempt)).toEqual([0])

    // Still unreachable: the next wait is the second attempt's.
    retries[0]!.retry()
    engine.fail()
    await wb.formulas.startEngine()
    expect(retries.map((r) => r.attempt)).toEqual([0, 1])
    expect(engine.fetches()).toBe(2)

    let repaints = 0
    s.services.onDisplayChange(() => repaints++)
    retries[1]!.retry()
    engine.arrive()
    await wb.formulas.startEngine()
    expect(engine.fetches()).toBe(3)
    expect(s.services.value(0, 1)).toBe(10)
    expect(repaints).toBeGreaterThan(0)
    s.type(1, 0, '=A1+1')
    expect(s.services.value(1, 0)).toBe(6)
  })

  it('waits for the browser to come back online, or a growing pause, before fetching again', () => {
    vi.useFakeTimers()
    try {
      let retried = 0
      const cancel = retryWhenReachable(() => retried++, 0)
      window.dispatchEvent(new Event('online'))
      expect(retried).toBe(1)
      vi.advanceTimersByTime(60_000)
      expect(retried).toBe(1)
      cancel()

      retryWhenReachable(() => retried++, 2)
      vi.advanceTimersByTime(19_999)
      expect(retried).toBe(1)
      vi.advanceTimersByTime(1)
      expect(retried).toBe(2)

      const stop = retryWhenReachable(() => retried++, 0)
      stop()
      window.dispatchEvent(new Event('online'))
      vi.advanceTimersByTime(600_000)
      expect(retried).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('points references on every sheet at cut cells where they went, and undoes it in one step', async () => {
    const origin = {}
    const history = new UndoHistory(origin)
    const wb = workbookWithTwoSheets({
      oneStep: (docs, write) => {
        for (const doc of docs) history.track(doc)
        history.together(write)
      },
    })
    await wb.formulas.startEngine()
    for (const id of [wb.first, wb.second]) wb.formulas.addSheet(id, wb.docs.get(id)!)
    const s = wb.sheet(wb.first)
    const rates = wb.sheet(wb.second)
    s.type(0, 0, '5')
    s.type(0, 1, '=A1*2')
    s.type(0, 2, '=B1+1')
    rates.type(0, 0, '=Sheet1!B1')

    // B1 cut and pasted at B4, as the grid writes it.
    const id = (row: number, col: number) => ({
      rowId: s.layout.rowId(row)!,
      colId: s.layout.colId(col)!,
    })
    const stored = getCell(s.doc, s.layout.rowId(0)!, s.layout.colId(1)!)
    const paste = () =>
      setCells(
        s.doc,
        [
          { ...id(0, 1), value: '' },
          { ...id(3, 1), value: stored },
        ],
        origin,
      )
    s.services.moveCells(paste, { rows: new Map([[0, 3]]), cols: new Map([[1, 1]]) }, origin)

    expect(s.shown(3, 1)).toBe('=A1*2')
    expect(s.shown(0, 2)).toBe('=B4+1')
    expect(s.services.value(0, 2)).toBe(11)
    expect(rates.shown(0, 0)).toBe('=Sheet1!B4')

    expect(history.undo()).toBe(true)
    expect([s.shown(0, 1), s.shown(3, 1), s.shown(0, 2)]).toEqual(['=A1*2', '', '=B1+1'])
    expect(rates.shown(0, 0)).toBe('=Sheet1!B1')
    expect(s.services.value(0, 2)).toBe(11)
  })

  /** A workbook whose edits with `origin` are undone by `history`, one step per `oneStep`. */
  async function undoableWorkbook() {
    const origin = {}
    const history = new UndoHistory(origin)
    const wb = workbookWithTwoSheets({
      oneStep: (docs, write) => {
        for (const doc of docs) history.track(doc)
        history.together(write)
      },
    })
    await wb.formulas.startEngine()
    for (const id of [wb.first, wb.second]) wb.formulas.addSheet(id, wb.docs.get(id)!)
    return { ...wb, origin, history }
  }

  it('moves the comment and the validation rule of a cut cell with it, in the paste’s undo step', async () => {
    const { origin, history, ...wb } = await undoableWorkbook()
    const s = wb.sheet(wb.first)
    s.type(0, 0, 'Open')
    const at = (row: number, col: number) => ({
      rowId: s.layout.rowId(row)!,
      colId: s.layout.colId(col)!,
    })
    addComment(s.doc, at(0, 0), { text: 'check this', author: { id: 'key:ana', name: 'Ana' } })
    setValidation(
      s.doc,
      { start: { row: 0, col: 0 }, end: { row: 0, col: 0 } },
      {
        kind: 'list',
        items: ['Open', 'Done'],
        strict: true,
      },
    )

    // A1 cut and pasted at C3, as the grid writes it.
    const paste = () =>
      setCells(
        s.doc,
        [
          { ...at(0, 0), value: '' },
          { ...at(2, 2), value: 'Open' },
        ],
        origin,
      )
    s.services.moveCells(paste, { rows: new Map([[0, 2]]), cols: new Map([[0, 2]]) }, origin)

    const placed = () => ({
      comments: commentThreads(s.doc).map((th) => [
        s.layout.rowIndexOf(th.rowId),
        s.layout.colIndexOf(th.colId),
      ]),
      rules: readValidations(s.doc).map((rule) => formatRange(rule.range)),
    })
    expect(placed()).toEqual({ comments: [[2, 2]], rules: ['C3'] })
    expect(history.undo()).toBe(true)
    expect(placed()).toEqual({ comments: [[0, 0]], rules: ['A1'] })
    expect(s.shown(0, 0)).toBe('Open')
  })

  it('a cut part of a custom-formula highlight reads its own rows and the same bound', async () => {
    const { origin, ...wb } = await undoableWorkbook()
    const s = wb.sheet(wb.first)
    const ctx = s.services.context
    const A1_A4 = { start: { row: 0, col: 0 }, end: { row: 3, col: 0 } }
    const spec = { kind: 'formula' as const, formula: '=A1>$D$1', style: { fill: '#ffcccc' } }
    addConditionalFormat(s.doc, A1_A4, ruleForStorage(spec, ctx, A1_A4.start))
    // A3:A4 cut and pasted at C3.
    const paste = () => setCells(s.doc, [], origin)
    const moved = {
      rows: new Map([
        [2, 2],
        [3, 3],
      ]),
      cols: new Map([[0, 2]]),
    }
    s.services.moveCells(paste, moved, origin)
    const shown = readConditionalFormats(s.doc)
      .map((rule) => ruleForDisplay(rule, ctx))
      .map((rule) => [formatRange(rule.range), rule.formula])
      .sort()
    expect(shown).toEqual([
      ['A1:A2', '=A1>$D$1'],
      ['C3:C4', '=C3>$D$1'],
    ])
  })

  it('moves cells cut to another sheet: the source empties, references follow, one undo step', async () => {
    const { origin, history, ...wb } = await undoableWorkbook()
    const budget = wb.sheet(wb.first)
    const rates = wb.sheet(wb.second)
    budget.type(0, 0, '5')
    budget.type(0, 1, '=A1*2')
    budget.type(0, 2, '=B1+1')
    setFormat(budget.doc, { start: { row: 0, col: 1 }, end: { row: 0, col: 1 } }, 'bold', true)
    rates.type(0, 0, '=Sheet1!B1')

    // Sheet1!B1 cut and pasted at Rates!D4, as the grid writes it.
    const stored = getCell(budget.doc, budget.layout.rowId(0)!, budget.layout.colId(1)!)
    const paste = () =>
      setCells(
        rates.doc,
        [
          {
            rowId: rates.layout.rowId(3)!,
            colId: rates.layout.colId(3)!,
            value: withSheetNamed(stored, wb.first),
          },
        ],
        origin,
      )
    rates.services.moveCells(
      paste,
      { rows: new Map([[0, 3]]), cols: new Map([[1, 3]]), fromSheetId: wb.first },
      origin,
    )

    expect(budget.shown(0, 1)).toBe('')
    expect(getFormat(budget.doc, budget.layout.rowId(0)!, budget.layout.colId(1)!)).toEqual({})
    expect(rates.shown(3, 3)).toBe('=Sheet1!A1*2')
    expect(rates.services.value(3, 3)).toBe(10)
    expect(rates.shown(0, 0)).toBe('=D4')
    expect(budget.shown(0, 2)).toBe('=Rates!D4+1')
    expect(budget.services.value(0, 2)).toBe(11)

    expect(history.undo()).toBe(true)
    expect([budget.shown(0, 1), rates.shown(3, 3), budget.shown(0, 2)]).toEqual([
      '=A1*2',
      '',
      '=B1+1',
    ])
    expect(rates.shown(0, 0)).toBe('=Sheet1!B1')
    expect(getFormat(budget.doc, budget.layout.rowId(0)!, budget.layout.colId(1)!)).toEqual({
      bold: true,
    })
  })

  it('a cut to another sheet takes its merged blocks and rules along: a dropdown keeps listing its cells, a highlight follows the cut cell it reads', async () => {
    const { origin, history, ...wb } = await undoableWorkbook()
    const budget = wb.sheet(wb.first)
    const rates = wb.sheet(wb.second)
    const A1_A2 = { start: { row: 0, col: 0 }, end: { row: 1, col: 0 } }
    budget.type(0, 0, 'x')
    budget.type(0, 4, 'x')
    budget.type(1, 4, 'y')
    const ctx = budget.services.context
    const dropdown = { kind: 'listRange' as const, source: '$E$1:$E$2', strict: true }
    setValidation(budget.doc, A1_A2, ruleForStorage(dropdown, ctx, A1_A2.start))
    const formula = '=AND($A$1=$E$1,B1<>"")'
    const spec = { kind: 'formula' as const, formula, style: { fill: '#ffcccc' } }
    addConditionalFormat(budget.doc, A1_A2, ruleForStorage(spec, ctx, A1_A2.start))
    mergeCells(budget.doc, { start: { row: 0, col: 1 }, end: { row: 1, col: 1 } })

    // Sheet1!A1:B2 (B1:B2 merged) cut and pasted at Rates!D4, as the grid writes it.
    const paste = () => setCells(rates.doc, [], origin)
    const moved = {
      rows: new Map([
        [0, 3],
        [1, 4],
      ]),
      cols: new Map([
        [0, 3],
        [1, 4],
      ]),
      fromSheetId: wb.first,
      merges: [{ start: { row: 0, col: 1 }, end: { row: 1, col: 1 } }],
    }
    rates.services.moveCells(paste, moved, origin)

    const rules = (s: typeof budget) => ({
      validations: readValidations(s.doc)
        .map((rule) => ruleForDisplay(rule, s.services.context))
        .map((rule) => [formatRange(rule.range), rule.source]),
      highlights: readConditionalFormats(s.doc)
        .map((rule) => ruleForDisplay(rule, s.services.context))
        .map((rule) => [formatRange(rule.range), rule.formula]),
    })
    expect(rules(budget)).toEqual({ validations: [], highlights: [] })
    // $E$1 still reads the first sheet's; B1, relative, still the cell right of each rule cell.
    expect(rules(rates)).toEqual({
      validations: [['D4:D5', 'Sheet1!$E$1:$E$2']],
      highlights: [['D4:D5', '=AND($D$4=Sheet1!$E$1,E4<>"")']],
    })
    expect(mergesMap(budget.doc).size).toBe(0)

    expect(history.undo()).toBe(true)
    expect(rules(budget)).toEqual({
      validations: [['A1:A2', '$E$1:$E$2']],
      highlights: [['A1:A2', formula]],
    })
    expect(rules(rates)).toEqual({ validations: [], highlights: [] })
    expect(mergesMap(budget.doc).size).toBe(1)
  })

  it("a cut to another sheet takes the cut cells' comment threads along, with their replies and state; one undo step", async () => {
    const { origin, history, ...wb } = await undoableWorkbook()
    const budget = wb.sheet(wb.first)
    const rates = wb.sheet(wb.second)
    const ana = { id: 'key:ana', name: 'Ana' }
    const ben = { id: 'key:ben', name: 'Ben' }
    const at = (row: number, col: number) => ({
      rowId: budget.layout.rowId(row)!,
      colId: budget.layout.colId(col)!,
    })
    budget.type(0, 0, 'x')
    const mine = addComment(budget.doc, at(0, 0), { text: 'check', author: ana, now: 1000 })
    replyToComment(budget.doc, mine, { text: 'done', author: ana, now: 2000 })
    setCommentResolved(budget.doc, mine, true, { name: 'Ben', now: 3000 })
    addComment(budget.doc, at(1, 0), { text: "Ben's", author: ben, now: 4000 })
    addComment(budget.doc, at(5, 0), { text: 'not cut', author: ana, now: 5000 })
    const threads = (s: typeof budget) =>
      commentThreads(s.doc, { resolved: true }).map((th) => [
        formatRange({
          start: { row: s.layout.rowIndexOf(th.rowId), col: s.layout.colIndexOf(th.colId) },
          end: { row: s.layout.rowIndexOf(th.rowId), col: s.layout.colIndexOf(th.colId) },
        }),
        th.text,
        th.name,
        th.resolved,
        th.replies.map((r) => r.text),
      ])
    const before = threads(budget)

    // Sheet1!A1:A2 cut by Ana and pasted at Rates!D4.
    const paste = () => setCells(rates.doc, [], origin)
    const moved = {
      rows: new Map([
        [0, 3],
        [1, 4],
      ]),
      cols: new Map([[0, 3]]),
      fromSheetId: wb.first,
      by: ana.id,
    }
    // Ben's thread stays: Ana may not write Ben's words on another sheet.
    expect(rates.services.moveCells(paste, moved, origin)).toBe(1)

    expect(threads(rates)).toEqual([['D4', 'check', 'Ana', true, ['done']]])
    expect(threads(budget)).toEqual([
      ['A2', "Ben's", 'Ben', false, []],
      ['A6', 'not cut', 'Ana', false, []],
    ])
    expect(history.undo()).toBe(true)
    expect(threads(budget)).toEqual(before)
    expect(threads(rates)).toEqual([])
  })
})
