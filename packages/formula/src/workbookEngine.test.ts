import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import {
  addSheet,
  deleteSheet,
  initSheet,
  initWorkbook,
  insertRows,
  moveRows,
  setCell,
  setCells,
  sheetTypes,
} from '@cellmate/model'
import { WorkbookEngine, type EngineChange } from './workbookEngine.js'
import { Replica } from './__tests__/workbookTestBed.js'

describe('workbook engine', () => {
  it('shows errors as values, with a reason', () => {
    const book = Replica.create()
    book.type('A1', '=1/0')
    book.type('A2', '=NOPE(1)')
    book.type('A3', '=A3+1')
    book.type('A4', '=B4')
    book.type('B4', '=A4')
    book.type('A5', '=SUM(')
    book.type('A6', '=VLOOKUP(9,B1:B2,1,FALSE)')
    book.type('A7', '="a"+1')
    book.type('A8', '#N/A')
    expect(book.value('A1')).toMatchObject({ error: '#DIV/0!' })
    expect(book.value('A2')).toEqual({
      error: '#NAME?',
      message: 'Function name NOPE not recognized.',
    })
    expect(book.value('A3')).toEqual({
      error: '#REF!',
      message: 'Circular reference: this formula depends on its own value.',
    })
    expect(book.value('A4')).toMatchObject({
      error: '#REF!',
      message: expect.stringMatching(/Circular/),
    })
    expect(book.value('A5')).toEqual({
      error: '#ERROR!',
      message: 'Formula parse error: a “(” is not closed.',
    })
    expect(book.value('A6')).toMatchObject({ error: '#N/A' })
    expect(book.value('A7')).toMatchObject({ error: '#VALUE!' })
    expect(book.value('A8')).toMatchObject({ error: '#N/A' })
    expect(book.errors).toEqual([])
  })

  it('shows a formula that does not parse as #ERROR! with why, keeping what was typed', () => {
    const book = Replica.create()
    book.type('B1', '2')
    book.type('A1', '=B1+')
    book.type('A2', '=SUM(B1')
    book.type('A3', '=1+*2')
    book.type('A4', '="abc')
    book.type('A5', '=B1)')
    book.type('A6', '=A1')
    book.type('A7', '=IFERROR(A1,"fix A1")')
    book.type('A8', '#ERROR!')
    const parseError = (reason: string) => ({
      error: '#ERROR!',
      message: `Formula parse error: ${reason}.`,
    })
    expect(book.value('A1')).toEqual(parseError('the formula ends early'))
    expect(book.value('A2')).toEqual(parseError('a “(” is not closed'))
    expect(book.value('A3')).toEqual(parseError('“*” cannot be read here'))
    expect(book.value('A4')).toEqual(parseError('a text is not closed'))
    expect(book.value('A5')).toEqual(parseError('“)” cannot be read here'))
    expect(book.value('A6')).toMatchObject({ error: '#ERROR!' })
    expect(book.value('A7')).toBe('fix A1')
    // Typed, `#ERROR!` is text (Excel has no such error).
    expect(book.value('A8')).toBe('#ERROR!')
    expect(book.display('A1')).toBe('=B1+')
    // Fixed, it evaluates, and so does what reads it.
    book.type('A1', '=B1+1')
    expect(book.value('A1')).toBe(3)
    expect(book.value('A6')).toBe(3)
    expect(book.errors).toEqual([])
  })

  it('evaluates typed values the way the grid infers them', () => {
    const book = Replica.create()
    book.type('A1', '1,234.5')
    book.type('A2', '12%')
    book.type('A3', '2026-01-31')
    book.type('A4', "'123")
    book.type('A5', 'TRUE')
    book.type('A6', '$1,200')
    book.type('B1', '=A1+A2+A6')
    book.type('B2', '=YEAR(A3)')
    book.type('B3', '=ISTEXT(A4)')
    book.type('B4', '=NOT(A5)')
    expect(book.value('B1')).toBeCloseTo(2434.62, 10)
    expect(book.value('B2')).toBe(2026)
    expect(book.value('B3')).toBe(true)
    expect(book.value('B4')).toBe(false)
    expect(book.value('A4')).toBe('123')
  })

  it('reports changed cells at their current positions', () => {
    const book = Replica.create()
    book.type('A1', '1')
    book.type('B1', '=A1*2')
    book.type('C5', '=B1+1')
    const seen: EngineChange[][] = []
    book.engine.onChange((changes) => seen.push([...changes]))
    book.type('A1', '5')
    const id = book.firstSheetId()
    expect(seen.at(-1)).toEqual(
      expect.arrayContaining([
        { sheetId: id, row: 0, col: 0 },
        { sheetId: id, row: 0, col: 1 },
        { sheetId: id, row: 4, col: 2 },
      ]),
    )
    insertRows(book.doc(), 0, 1)
    book.type('A2', '6')
    expect(seen.at(-1)).toEqual(expect.arrayContaining([{ sheetId: id, row: 5, col: 2 }]))
    expect(book.value('C6')).toBe(13)
  })

  it('follows sheets as they are listed, loaded, deleted and restored', () => {
    const book = Replica.create()
    const missing: string[] = []
    const engine = new WorkbookEngine(book.workbook, { onMissingSheet: (id) => missing.push(id) })
    engine.addSheet(book.firstSheetId(), book.doc())
    const data = addSheet(book.workbook, { id: 'data', name: 'Data' })
    const dataDoc = new Y.Doc()
    initSheet(dataDoc, { rows: 5, cols: 5 })
    book.open(data.id, dataDoc)
    book.type('Data!A1', '42')
    book.type('A1', '=Data!A1+1')
    const at = (): unknown => engine.getValue(book.firstSheetId(), 0, 0)
    expect(at()).toMatchObject({ error: '#REF!' })
    expect(missing).toEqual([data.id])
    engine.addSheet(data.id, dataDoc)
    expect(at()).toBe(43)
    setCell(
      dataDoc,
      book.layouts.get(data.id)!.rowId(0)!,
      book.layouts.get(data.id)!.colId(0)!,
      '1',
    )
    expect(at()).toBe(2)
    const meta = book.workbook.getMap<Y.Map<unknown>>('sheetMeta').get(data.id)!.toJSON()
    deleteSheet(book.workbook, data.id)
    expect(at()).toMatchObject({ error: '#REF!' })
    expect(engine.getValue(data.id, 0, 0)).toBeNull()
    // Undo of the delete brings the sheet back, and the formula with it.
    book.workbook.transact(() => {
      const m = new Y.Map<unknown>()
      for (const [k, v] of Object.entries(meta)) m.set(k, v)
      book.workbook.getMap<Y.Map<unknown>>('sheetMeta').set(data.id, m)
      book.workbook.getArray<string>('sheets').push([data.id])
    })
    expect(at()).toBe(2)
    engine.removeSheet(data.id)
    expect(at()).toMatchObject({ error: '#REF!' })
    engine.destroy()
  })

  it('never throws on anything a user can type', () => {
    const book = Replica.create()
    const input = fc.oneof(
      fc.string(),
      fc.string().map((s) => `=${s}`),
      fc.constantFrom(
        '=SUM(A1:B2',
        '={1,2;3}',
        '={1;2,3}',
        "='",
        '=1E999',
        '=A1:A2',
        '=#NULL!',
        '=@A1',
        '=A1 B2',
        '=TRANSPOSE(A1:B2)',
        '=SEQUENCE(2,2)',
      ),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.nat(5), input), { maxLength: 10 }), (edits) => {
        for (const [r, c, text] of edits) {
          const address = `${String.fromCharCode(65 + c)}${r + 1}`
          book.type(address, text)
          const value = book.value(address)
          expect(
            value === null || ['number', 'string', 'boolean', 'object'].includes(typeof value),
          ).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('reads a number, boolean or non-id stored where text or an id belongs as nothing, on load and live', () => {
    const book = Replica.create()
    book.type('A1', '5')
    book.type('B1', '=A1+A2+A3')
    const doc = book.doc()
    const { rows, cols } = sheetTypes(doc)
    const [r0, r1, r2] = rows.toArray() as [string, string, string]
    const c0 = cols.get(0)
    const cells = doc.getMap<unknown>('cells')
    // Live: overwrites arriving after the engine loaded the sheet.
    doc.transact(() => {
      cells.set(`${r1}:${c0}`, 42)
      cells.set(`${r2}:${c0}`, true)
      doc.getArray<unknown>('rows').insert(1, [7])
    })
    expect(book.value('B1')).toBe(5)
    expect(book.value('A2')).toBeNull()
    expect(book.display('A2')).toBe('')
    // On load: a second replica opening the stored state.
    const other = book.clone()
    expect(other.value('B1')).toBe(5)
    expect(other.value('A3')).toBeNull()
    expect(other.engine.getValueById(other.firstSheetId(), r0, c0)).toBe(5)
    expect([...book.errors, ...other.errors]).toEqual([])
  })

  it('quarantines a formula the engine fails on, for this user and for the next one to load it', () => {
    const book = Replica.create()
    book.type('E1', '=1+1')
    book.type('A1', '=TRANSPOSE(A1:B2)')
    // HyperFormula throws on this pair ("Unknown array"); only the second is set aside.
    book.type('C1', '=TRANSPOSE(A1:B2)')
    expect(book.errors).toHaveLength(1)
    const quarantined = { error: '#CALC!', message: expect.stringMatching(/edit it to try again/) }
    expect(book.value('C1')).toEqual(quarantined)
    expect(book.value('E1')).toBe(2)
    const errors: unknown[] = []
    const fresh = new WorkbookEngine(book.workbook, { onError: (e) => errors.push(e) })
    fresh.addSheet(book.firstSheetId(), book.doc())
    expect(fresh.getValue(book.firstSheetId(), 0, 2)).toEqual(quarantined)
    expect(fresh.getValue(book.firstSheetId(), 0, 4)).toBe(2)
    expect(errors).toHaveLength(1)
    fresh.destroy()
    book.type('C1', '5')
    expect(book.value('C1')).toBe(5)
  })
  it('loads a first sheet whose only far cell is in column XFD without building its rows dense', () => {
    // Built at once, HyperFormula would make 100,000 rows of 16,384 slots (13 GB): the engine
    // loads such a sheet cell by cell instead (the server ran out of memory exporting one).
    const book = Replica.create({ rows: 100_000, cols: 16_384 })
    book.type('A1', '2')
    book.type('XFD100000', '40')
    book.type('B1', '=A1+XFD100000')
    const sheetId = book.firstSheetId()
    const engine = new WorkbookEngine(book.workbook)
    engine.addSheet(sheetId, book.doc())
    expect(engine.getValue(sheetId, 0, 1)).toBe(42)
    expect(engine.getValue(sheetId, 99_999, 16_383)).toBe(40)
    engine.destroy()
  })
  it('loads a first sheet with its content as a sheet loaded later: INDIRECT, hidden rows, names', () => {
    const book = Replica.create()
    book.type('A1', '1')
    book.type('A2', '2')
    book.type('A3', '4')
    book.type('B1', '=SUBTOTAL(9,A1:A3)')
    book.type('B2', '=INDIRECT("A2")*10')
    book.type('B3', '=INDIRECT("Sheet1!A3")+B2')
    book.type('B4', '=TRUE')
    book.type('B5', '=SUM(A:A)')
    book.type('B6', '=B1+B3')
    const sheetId = book.firstSheetId()
    const rowIds = sheetTypes(book.doc()).rows.toArray()
    const load = (filtered: string[], first: boolean): WorkbookEngine => {
      const engine = new WorkbookEngine(book.workbook)
      engine.setHiddenRows(sheetId, { hidden: new Set(), filtered: new Set(filtered) })
      // Not the first sheet in the engine: another one (empty) went in before it.
      if (!first) engine.addSheet('elsewhere', new Y.Doc())
      engine.addSheet(sheetId, book.doc())
      return engine
    }
    for (const first of [true, false]) {
      const shown = load([rowIds[1] as string], first)
      expect(shown.getValue(sheetId, 0, 1)).toBe(5)
      expect(shown.getValue(sheetId, 1, 1)).toBe(20)
      expect(shown.getValue(sheetId, 2, 1)).toBe(24)
      expect(shown.getValue(sheetId, 3, 1)).toBe(true)
      expect(shown.getValue(sheetId, 4, 1)).toBe(7)
      expect(shown.getValue(sheetId, 5, 1)).toBe(29)
      shown.destroy()
      const all = load([], first)
      expect(all.getValue(sheetId, 0, 1)).toBe(7)
      // And it stays incremental afterwards.
      setCell(book.doc(), rowIds[1] as string, sheetTypes(book.doc()).cols.get(0), '3')
      expect(all.getValue(sheetId, 1, 1)).toBe(30)
      expect(all.getValue(sheetId, 4, 1)).toBe(8)
      all.destroy()
      setCell(book.doc(), rowIds[1] as string, sheetTypes(book.doc()).cols.get(0), '2')
    }
  })

  it('follows rows moved after a sheet was read whole, before and after its formulas are indexed', () => {
    // The formulas of a sheet read whole are indexed later (`catchUp`); a moved row re-reads
    // the formulas naming it either way, even one written again before it was indexed.
    for (const caughtUp of [false, true]) {
      const workbook = new Y.Doc()
      const { id } = initWorkbook(workbook, 'Moves', 'moves')
      const doc = new Y.Doc()
      initSheet(doc, { rows: 12_000, cols: 3 })
      const t = sheetTypes(doc)
      const rows = t.rows.toArray()
      const [a, b, c] = t.cols.toArray() as [string, string, string]
      setCells(doc, [
        ...rows.map((rowId, i) => ({ rowId, colId: a, value: String(i + 1) })),
        ...rows.slice(5).map((rowId) => ({ rowId, colId: c, value: `={r:${rowId},c:${a}}*2` })),
        { rowId: rows[0] as string, colId: b, value: `={r:${rows[2]},c:${a}}*10` },
        { rowId: rows[1] as string, colId: b, value: `={r:${rows[11_000]},c:${a}}*10` },
        { rowId: rows[0] as string, colId: c, value: `={r:${rows[3]},c:${a}}` },
      ])
      const engine = new WorkbookEngine(workbook)
      engine.addSheet(id, doc)
      setCell(doc, rows[0] as string, c, `={r:${rows[4]},c:${a}}`)
      if (caughtUp) {
        let slices = 0
        while (engine.catchUp()) slices++
        expect(slices).toBeGreaterThan(0)
      }
      expect(engine.getValue(id, 0, 1)).toBe(30)
      expect(engine.getValue(id, 0, 2)).toBe(5)
      // Rows 3 and 5 to the top, then row 11,001 second: the formulas' rows 1 and 2 end up
      // fourth and fifth, and still read the rows they named.
      moveRows(doc, 2, 1, 0)
      moveRows(doc, 4, 1, 0)
      moveRows(doc, 11_000, 1, 1)
      expect(engine.getValue(id, 3, 1)).toBe(30)
      expect(engine.getValue(id, 4, 1)).toBe(110_010)
      expect(engine.getValue(id, 3, 2)).toBe(5)
      expect(engine.getValue(id, 1, 2)).toBe(22_002)
      expect(engine.catchUp()).toBe(false)
      engine.destroy()
    }
  })

  it('takes a sheet that arrives in one big update (first sync, big paste) whole', () => {
    const workbook = new Y.Doc()
    const { id } = initWorkbook(workbook, 'Bulk', 'bulk')
    const other = addSheet(workbook, { id: 'totals', name: 'Totals' })
    const source = new Y.Doc()
    initSheet(source, { rows: 3000, cols: 3 })
    const t = sheetTypes(source)
    const rows = t.rows.toArray()
    const [a, b] = t.cols.toArray() as [string, string]
    setCells(
      source,
      rows.flatMap((rowId, i) => [
        { rowId, colId: a, value: String(i + 1) },
        { rowId, colId: b, value: `={r:${rowId},c:${a}}*2` },
      ]),
    )
    const totals = new Y.Doc()
    initSheet(totals, { rows: 2, cols: 2 })
    const tt = sheetTypes(totals)
    setCell(totals, tt.rows.get(0), tt.cols.get(0), `=SUM({s:${id}}!{c:${b}}:{c:${b}})`)

    const engine = new WorkbookEngine(workbook)
    const empty = new Y.Doc()
    engine.addSheet(id, empty)
    engine.addSheet(other.id, totals)
    expect(engine.getValue(other.id, 0, 0)).toMatchObject({ error: '#REF!' })
    let reported = 0
    engine.onChange((changes) => (reported += changes.length))
    Y.applyUpdate(empty, Y.encodeStateAsUpdate(source))
    expect(engine.getValue(id, 2999, 1)).toBe(6000)
    expect(engine.getValue(other.id, 0, 0)).toBe(3000 * 3001)
    expect(reported).toBeGreaterThan(0)
    // And it stays incremental afterwards.
    setCell(empty, rows[0] as string, a, '11')
    expect(engine.getValue(id, 0, 1)).toBe(22)
    expect(engine.getValue(other.id, 0, 0)).toBe(3000 * 3001 + 20)
    engine.destroy()
  })
})
